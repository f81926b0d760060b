using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Engine.Planning;
using Fleet.Engine.Projects;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Applications;

/// <summary>One <c>matchExpressions</c> entry of a destination's selector: <c>{key, operator, values}</c>.</summary>
public sealed record SelectorRequirementRequest(string? Key, string? Operator, List<string>? Values);

/// <summary>The label selector of a destination: every <c>matchLabels</c> entry and every <c>matchExpressions</c> entry must hold.</summary>
public sealed record SelectorRequest(Dictionary<string, string>? MatchLabels, List<SelectorRequirementRequest>? MatchExpressions);

/// <summary>Where an application goes.</summary>
/// <remarks><c>controlPlane: true</c> makes an app of apps: the path's fleet.dev/v1 documents are written to Fleet itself.</remarks>
public sealed record DestinationRequest(List<string>? Clusters, SelectorRequest? Selector, string? Namespace,
    bool? CreateNamespace = null, NamespaceMetadataRequest? NamespaceMetadata = null, bool? ControlPlane = null);

/// <summary>Labels and annotations of the destination namespace Fleet creates (with createNamespace).</summary>
public sealed record NamespaceMetadataRequest(Dictionary<string, string>? Labels, Dictionary<string, string>? Annotations);

/// <summary>What Fleet may do on its own.</summary>
public sealed record SyncPolicyRequest(bool? Automated, bool? Prune, bool? SelfHeal);

/// <summary>Body of PUT /api/v1/applications/{name}.</summary>
/// <remarks>
/// On a Git repository the application names a <c>path</c> (and <c>revision</c> is a branch, tag or SHA); on a Helm
/// repository it names a <c>chart</c> (and <c>revision</c> is a chart version or a constraint such as <c>^6</c>).
/// </remarks>
public sealed record ApplicationRequest(string? Repository, string? Revision, string? Path, DestinationRequest? Destination, SyncPolicyRequest? SyncPolicy,
    List<IgnoreDifferenceRequest>? IgnoreDifferences = null, HelmRequest? Helm = null, string? Project = null, string? Chart = null);

/// <summary>How the chart at the application's path is rendered: release name, value files, inline values.</summary>
public sealed record HelmRequest(string? ReleaseName, List<string>? ValueFiles, JsonNode? Values);

/// <summary>Fields of some objects Fleet leaves to the cluster (by group, kind, optional name and namespace).</summary>
public sealed record IgnoreDifferenceRequest(string? Group, string? Kind, string? Name, string? Namespace, List<string>? JsonPointers,
    List<string>? ManagedFieldsManagers = null);

/// <summary>Body of POST /api/v1/applications/{name}/rollback.</summary>
public sealed record RollbackRequest(string? Revision, bool? Prune = null);

/// <summary>Body of POST /api/v1/applications/{name}/sync (optional).</summary>
public sealed record SyncRequest(bool? Prune);

/// <summary>An application in a list: its spec and the roll-up of its instances, from the instance index.</summary>
public sealed record ApplicationSummary(string Name, ApplicationSpec Spec, SyncStatus Sync, HealthStatus Health, InstanceCounts Counts);

/// <summary>One object of an instance with its differences from Git.</summary>
public sealed record ResourceDiff(string ApiVersion, string Kind, string? Namespace, string Name, SyncStatus Sync, HealthStatus Health, IReadOnlyList<string> Diff);

/// <summary>GET /api/v1/applications/{name}/clusters/{cluster}/diff.</summary>
public sealed record InstanceDiff(string Application, string Cluster, string? Revision, SyncStatus Sync, IReadOnlyList<ResourceDiff> Resources);

/// <summary>One sync of one instance of an application.</summary>
public sealed record ApplicationHistoryEntry(
    string Cluster,
    long Id,
    string Revision,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Result,
    string InitiatedBy,
    string? Message,
    int Applied,
    int Pruned);

/// <summary>/api/v1/applications: define applications, read their instances, sync, roll back, delete.</summary>
public static class ApplicationsApi
{
    // Who an action is recorded for when the caller has no name (never the case behind the bearer handler).
    private const string UnnamedCaller = "api";

    /// <summary>Maps the applications endpoints.</summary>
    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder endpoints)
    {
        // A project-scoped caller reaches only its projects' applications: the others answer 404.
        var group = endpoints.MapGroup("/api/v1/applications").WithTags("Applications").AddEndpointFilter<ApplicationScopeFilter>();
        group.MapPut("/{name}", PutAsync).WithName("PutApplication").WithSummary("Creates or updates an application.")
            .RequireAuthorization(FleetPolicies.AdministerApplications);
        group.MapGet("/", ListAsync).WithName("ListApplications")
            .WithSummary("Lists applications with the roll-up of their instances, filtered and paged.")
            .WithDescription("Filters: repository, sync and health of the roll-up (the worst instance). Paged with limit and continue.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}/history", GetHistoryAsync).WithName("GetApplicationHistory")
            .WithSummary("The syncs of every instance of the application, newest first (limit, default 100).")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}/clusters/{cluster}/history", GetInstanceHistoryAsync).WithName("GetInstanceHistory")
            .WithSummary("The syncs of one instance, newest first.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}/clusters/{cluster}/diff", GetInstanceDiffAsync).WithName("GetInstanceDiff")
            .WithSummary("The objects of one instance that differ from Git, with the differing fields (all objects with ?all=true).")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}", GetAsync).WithName("GetApplication").WithSummary("Reads an application and its instances.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}/clusters/{cluster}", GetInstanceAsync).WithName("GetInstance")
            .WithSummary("Reads one instance: resources, diff, conditions, history and pin.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapPost("/{name}/sync", SyncAsync).WithName("SyncApplication").WithSummary("Applies Git's state on every instance now.")
            .RequireAuthorization(FleetPolicies.Operate);
        group.MapPost("/{name}/rollback", RollbackAsync).WithName("RollbackApplication")
            .WithSummary("Syncs every instance to an earlier revision and pins it there until unpinned.")
            .RequireAuthorization(FleetPolicies.Operate);
        group.MapPost("/{name}/unpin", UnpinAsync).WithName("UnpinApplication").WithSummary("Releases a rollback pin.")
            .RequireAuthorization(FleetPolicies.Operate);
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteApplication")
            .WithSummary("Deletes the application; its objects too unless cascade=false.")
            .RequireAuthorization(FleetPolicies.AdministerApplications);
        return endpoints;
    }

    private static async Task<Results<Ok<ApplicationView>, ValidationProblem>> PutAsync(string name, ApplicationRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var validation = new RequestValidation().Name("name", name).Name("repository", request.Repository);
        var destination = request.Destination;
        var controlPlane = destination?.ControlPlane == true;
        if (controlPlane)
        {
            ControlPlaneDestination.Validate(validation, destination!, request, user);
        }
        else if (destination is null || ((destination.Clusters?.Count ?? 0) == 0 && destination.Selector?.MatchLabels is null && destination.Selector?.MatchExpressions is null))
        {
            validation.Add("destination", "name clusters, a selector, or both (or controlPlane: true for an app of apps)");
        }
        foreach (var (cluster, i) in (destination?.Clusters ?? []).Select((c, i) => (c, i)))
        {
            validation.Name($"destination.clusters[{i}]", cluster);
        }
        var matchExpressions = validation.Selector("destination.selector", destination?.Selector);
        if (destination?.Namespace is { } ns)
        {
            validation.Name("destination.namespace", ns);
        }
        if (destination?.NamespaceMetadata is { } metadata)
        {
            if (destination.CreateNamespace != true)
            {
                validation.Add("destination.namespaceMetadata", "applies to the namespace Fleet creates: set destination.createNamespace to true");
            }
            validation.Labels("destination.namespaceMetadata.labels", metadata.Labels);
            validation.AnnotationKeys("destination.namespaceMetadata.annotations", metadata.Annotations);
        }
        foreach (var (rule, i) in (request.IgnoreDifferences ?? []).Select((r, i) => (r, i)))
        {
            var field = $"ignoreDifferences[{i}]";
            validation.Required($"{field}.kind", rule.Kind);
            if ((rule.JsonPointers?.Count ?? 0) == 0 && (rule.ManagedFieldsManagers?.Count ?? 0) == 0)
            {
                validation.Add($"{field}.jsonPointers", "name at least one field, such as /spec/replicas, or a field manager in managedFieldsManagers");
            }
            foreach (var (manager, j) in (rule.ManagedFieldsManagers ?? []).Select((m, j) => (m, j)))
            {
                if (IgnoreDifference.ManagerProblem(manager) is { } problem)
                {
                    validation.Add($"{field}.managedFieldsManagers[{j}]", problem);
                }
            }
            foreach (var (pointer, j) in (rule.JsonPointers ?? []).Select((p, j) => (p, j)))
            {
                if (IgnoreDifference.PointerProblem(pointer) is { } problem)
                {
                    validation.Add($"{field}.jsonPointers[{j}]", problem);
                }
            }
        }
        if (request.Path is { } path && (path.Split('/').Contains("..") || Path.IsPathRooted(path)))
        {
            validation.Add("path", "must be a relative path inside the repository");
        }
        var helm = HelmValidation.Validate(validation, request.Helm, request.Chart is null ? request.Path : ".");
        var project = request.Project ?? ProjectRules.DefaultName;
        validation.Name("project", project);
        // The directory answers from memory and activates nothing for a misspelt name.
        if (validation.IsValid && !(await grains.FleetDirectory().GetRepositoriesAsync()).Contains(request.Repository!))
        {
            validation.Add("repository", $"no repository named \"{request.Repository}\" is registered");
        }
        else if (validation.IsValid)
        {
            var repository = await grains.GetGrain<IRepositoryGrain>(request.Repository!).GetAsync();
            ChartValidation.Validate(validation, repository?.Type ?? RepositoryTypes.Git, request.Chart, request.Path, request.Revision);
        }
        if (validation.IsValid && !controlPlane)
        {
            await ApplicationProjects.CheckAsync(validation, grains, ProjectAccess.Of(user), project, request.Repository!, destination!, matchExpressions);
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var spec = new ApplicationSpec
        {
            Project = project,
            Repository = request.Repository!,
            Revision = string.IsNullOrWhiteSpace(request.Revision) ? null : request.Revision,
            Path = request.Path ?? "",
            Chart = string.IsNullOrWhiteSpace(request.Chart) ? null : request.Chart,
            Destination = new Destination
            {
                Clusters = destination!.Clusters ?? [],
                MatchLabels = destination.Selector?.MatchLabels,
                MatchExpressions = matchExpressions,
                Namespace = destination.Namespace ?? "default",
                CreateNamespace = destination.CreateNamespace ?? false,
                ControlPlane = controlPlane,
                NamespaceMetadata = destination.NamespaceMetadata is { } requested
                    ? new NamespaceMetadata { Labels = requested.Labels, Annotations = requested.Annotations }
                    : null,
            },
            SyncPolicy = new SyncPolicy
            {
                Automated = request.SyncPolicy?.Automated ?? false,
                Prune = request.SyncPolicy?.Prune ?? false,
                SelfHeal = request.SyncPolicy?.SelfHeal ?? false,
            },
            IgnoreDifferences = [.. (request.IgnoreDifferences ?? []).Select(r => new IgnoreDifference
            {
                Group = r.Group ?? "",
                Kind = r.Kind!,
                Name = string.IsNullOrEmpty(r.Name) ? null : r.Name,
                Namespace = string.IsNullOrEmpty(r.Namespace) ? null : r.Namespace,
                JsonPointers = r.JsonPointers ?? [],
                ManagedFieldsManagers = r.ManagedFieldsManagers ?? [],
            })],
            Helm = helm,
        };
        return TypedResults.Ok(await grains.GetGrain<IApplicationGrain>(name).PutAsync(spec));
    }

    private static async Task<Results<Ok<Page<ApplicationSummary>>, ValidationProblem>> ListAsync(
        IGrainFactory grains,
        ClaimsPrincipal user,
        [Description("Only applications of this repository.")] string? repository,
        [Description("Roll-up sync: Synced, OutOfSync or Unknown.")] string? sync,
        [Description("Roll-up health (the worst instance): Healthy, Suspended, Progressing, Missing, Degraded or Unknown.")] string? health,
        [Description("Items per page, 1 to 1000 (default 100).")] string? limit,
        [FromQuery(Name = "continue"), Description("The continue token of the previous page, unchanged.")] string? continueToken)
    {
        var validation = new RequestValidation();
        if (repository is not null)
        {
            validation.Name("repository", repository);
        }
        var syncFilter = validation.Enum<SyncStatus>("sync", sync);
        var healthFilter = validation.Enum<HealthStatus>("health", health);
        var size = validation.Limit(limit);
        var after = validation.Continue(continueToken, 1);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var entriesTask = grains.FleetDirectory().GetApplicationEntriesAsync();
        var countsTask = grains.GetGrain<IInstanceQueryGrain>(0).CountByApplicationAsync();
        var (entries, counts) = (await entriesTask, await countsTask);
        var access = ProjectAccess.Of(user);
        var summaries = new List<ApplicationSummary>(entries.Count);
        foreach (var entry in entries)
        {
            // An application registered before the directory kept specs is asked once.
            var spec = entry.Spec ?? (await grains.GetGrain<IApplicationGrain>(entry.Name).GetAsync())?.Spec;
            if (!access.Allows(spec) || (repository is not null && spec!.Repository != repository))
            {
                continue;
            }
            var c = counts.GetValueOrDefault(entry.Name) ?? new InstanceCounts();
            var summary = new ApplicationSummary(entry.Name, spec!, RollUp.Sync(c), RollUp.Health(c), c);
            if ((syncFilter is null || summary.Sync == syncFilter) && (healthFilter is null || summary.Health == healthFilter))
            {
                summaries.Add(summary);
            }
        }
        var (page, next) = Paging.Slice(summaries, a => a.Name, after?[0], size);
        return TypedResults.Ok(new Page<ApplicationSummary>(page, summaries.Count, next));
    }

    private static async Task<Results<Ok<List<ApplicationHistoryEntry>>, ProblemHttpResult, ValidationProblem>> GetHistoryAsync(
        string name, IGrainFactory grains, [Description("Entries to return, 1 to 1000 (default 100).")] string? limit)
    {
        var validation = new RequestValidation();
        var size = validation.Limit(limit);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        if (await grains.GetGrain<IApplicationGrain>(name).GetAsync() is not { } application)
        {
            return Problems.NotFound("application", name);
        }
        var entries = application.Instances
            .SelectMany(i => i.History.Select(h => new ApplicationHistoryEntry(i.Cluster, h.Id, h.Revision, h.StartedAt, h.FinishedAt, h.Result, h.InitiatedBy, h.Message, h.Applied, h.Pruned)))
            .OrderByDescending(h => h.FinishedAt).ThenBy(h => h.Cluster, StringComparer.Ordinal).ThenByDescending(h => h.Id)
            .Take(size)
            .ToList();
        return TypedResults.Ok(entries);
    }

    private static async Task<Results<Ok<IReadOnlyList<SyncRecord>>, ProblemHttpResult>> GetInstanceHistoryAsync(string name, string cluster, IGrainFactory grains)
    {
        var (instance, problem) = await FindInstanceAsync(name, cluster, grains);
        return instance is not null ? TypedResults.Ok(instance.History) : problem!;
    }

    private static async Task<Results<Ok<InstanceDiff>, ProblemHttpResult>> GetInstanceDiffAsync(string name, string cluster, IGrainFactory grains, [Description("true lists every object, in sync or not.")] bool? all)
    {
        var (instance, problem) = await FindInstanceAsync(name, cluster, grains);
        if (instance is null)
        {
            return problem!;
        }
        var resources = instance.Resources
            .Where(r => all == true || r.Sync != SyncStatus.Synced)
            .Select(r => new ResourceDiff(r.ApiVersion, r.Kind, r.Namespace, r.Name, r.Sync, r.Health, r.Diff))
            .ToList();
        return TypedResults.Ok(new InstanceDiff(instance.Application, instance.Cluster, instance.Revision, instance.Sync, resources));
    }

    private static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IApplicationGrain>(name).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("application", name);

    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> GetInstanceAsync(string name, string cluster, IGrainFactory grains)
    {
        var (instance, problem) = await FindInstanceAsync(name, cluster, grains);
        return instance is not null ? TypedResults.Ok(instance) : problem!;
    }

    private static async Task<(InstanceView? Instance, ProblemHttpResult? Problem)> FindInstanceAsync(string name, string cluster, IGrainFactory grains)
    {
        // An instance holds state exactly while its application targets the cluster (retiring clears it), so ask it
        // directly; the application (which reads every instance) is asked only to tell the two 404s apart.
        if (await grains.GetGrain<IApplicationInstanceGrain>($"{name}/{cluster}").GetAsync() is { } instance)
        {
            return (instance, null);
        }
        return await grains.GetGrain<IApplicationGrain>(name).GetAsync() is null
            ? (null, Problems.NotFound("application", name))
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found",
                detail: $"Application \"{name}\" does not target cluster \"{cluster}\"."));
    }

    private static async Task<Results<Accepted<ApplicationView>, ProblemHttpResult>> SyncAsync(string name, SyncRequest? request, IGrainFactory grains, ClaimsPrincipal user)
    {
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is null)
        {
            return Problems.NotFound("application", name);
        }
        await application.SyncAsync(Caller(user), request?.Prune == true);
        return TypedResults.Accepted($"/api/v1/applications/{name}", (await application.GetAsync())!);
    }

    private static async Task<Results<Accepted<ApplicationView>, ProblemHttpResult, ValidationProblem>> RollbackAsync(string name, RollbackRequest request, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (string.IsNullOrWhiteSpace(request.Revision))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["revision"] = ["is required: a commit from the application's history, or a commit SHA the repository holds"] });
        }
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is not { } view)
        {
            return Problems.NotFound("application", name);
        }
        if (view.Spec.Chart is { } chart)
        {
            // A chart version is as fixed as a commit: a rollback pins one the repository offers, named exactly.
            var resolution = await grains.GetGrain<IRepositoryGrain>(view.Spec.Repository).ResolveChartAsync(chart, "=" + request.Revision.Trim());
            if (resolution.Version != request.Revision.Trim())
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["revision"] = [$"\"{request.Revision}\" is not a version of chart {chart} in repository {view.Spec.Repository}; a rollback pins one exact version (6.5.0), not a range{(resolution.Error is { } error ? $" ({error})" : "")}"],
                });
            }
            await application.RollbackAsync(resolution.Version, Caller(user), request.Prune == true);
            return TypedResults.Accepted($"/api/v1/applications/{name}", (await application.GetAsync())!);
        }
        var commit = RollbackTargets.FromHistory(request.Revision, view.Instances.SelectMany(i => i.History.Select(h => h.Revision)))
            ?? await RepositoryCommitAsync(grains, view.Spec.Repository, request.Revision);
        if (commit is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["revision"] = [$"\"{request.Revision}\" is neither a commit of this application's history nor a commit SHA the repository holds; a rollback pins one commit, so branch and tag names (which move) are not taken"],
            });
        }
        await application.RollbackAsync(commit, Caller(user), request.Prune == true);
        return TypedResults.Accepted($"/api/v1/applications/{name}", (await application.GetAsync())!);
    }

    // A SHA the repository resolves to that very commit; null for anything else (a branch named like a SHA included).
    private static async Task<string?> RepositoryCommitAsync(IGrainFactory grains, string repository, string requested)
    {
        if (!RollbackTargets.IsSha(requested))
        {
            return null;
        }
        try
        {
            var resolved = await grains.GetGrain<IRepositoryGrain>(repository).ResolveAsync(requested);
            return RollbackTargets.IsSameCommit(requested, resolved) ? resolved : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The grain's Git error (unknown revision, a mirror not fetched yet) arrives as whatever Orleans could
            // carry; for the caller each means the same: this is not a commit Fleet can pin.
            return null;
        }
    }

    private static async Task<Results<Accepted<ApplicationView>, ProblemHttpResult>> UnpinAsync(string name, IGrainFactory grains, ClaimsPrincipal user)
    {
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is null)
        {
            return Problems.NotFound("application", name);
        }
        await application.UnpinAsync(Caller(user));
        return TypedResults.Accepted($"/api/v1/applications/{name}", (await application.GetAsync())!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IGrainFactory grains, bool? cascade) =>
        await grains.GetGrain<IApplicationGrain>(name).DeleteAsync(cascade ?? true) ? TypedResults.NoContent() : Problems.NotFound("application", name);

    private static string Caller(ClaimsPrincipal user) => string.IsNullOrEmpty(user.Identity?.Name) ? UnnamedCaller : user.Identity.Name;
}
