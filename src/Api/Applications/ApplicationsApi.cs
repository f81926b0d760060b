using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces.Repositories;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Applications;

/// <summary>The label selector of a destination.</summary>
public sealed record SelectorRequest(Dictionary<string, string>? MatchLabels);

/// <summary>Where an application goes.</summary>
public sealed record DestinationRequest(List<string>? Clusters, SelectorRequest? Selector, string? Namespace);

/// <summary>What Fleet may do on its own.</summary>
public sealed record SyncPolicyRequest(bool? Automated, bool? Prune, bool? SelfHeal);

/// <summary>Body of PUT /api/v1/applications/{name}.</summary>
public sealed record ApplicationRequest(string? Repository, string? Revision, string? Path, DestinationRequest? Destination, SyncPolicyRequest? SyncPolicy);

/// <summary>Body of POST /api/v1/applications/{name}/rollback.</summary>
public sealed record RollbackRequest(string? Revision);

/// <summary>/api/v1/applications: define applications, read their instances, sync, roll back, delete.</summary>
public static class ApplicationsApi
{
    private const string Operator = "api";

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/applications").WithTags("Applications");
        group.MapPut("/{name}", PutAsync).WithName("PutApplication").WithSummary("Creates or updates an application.")
            .RequireAuthorization(FleetPolicies.Administer);
        group.MapGet("/", ListAsync).WithName("ListApplications").WithSummary("Lists applications with their instances.")
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
            .RequireAuthorization(FleetPolicies.Administer);
        return endpoints;
    }

    private static async Task<Results<Ok<ApplicationView>, ValidationProblem>> PutAsync(string name, ApplicationRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name).Name("repository", request.Repository).Required("path", request.Path);
        var destination = request.Destination;
        if (destination is null || ((destination.Clusters?.Count ?? 0) == 0 && destination.Selector?.MatchLabels is null))
        {
            validation.Add("destination", "name clusters, a selector, or both");
        }
        foreach (var (cluster, i) in (destination?.Clusters ?? []).Select((c, i) => (c, i)))
        {
            validation.Name($"destination.clusters[{i}]", cluster);
        }
        validation.Labels("destination.selector.matchLabels", destination?.Selector?.MatchLabels);
        if (destination?.Namespace is { } ns)
        {
            validation.Name("destination.namespace", ns);
        }
        if (request.Path is { } path && (path.Split('/').Contains("..") || Path.IsPathRooted(path)))
        {
            validation.Add("path", "must be a relative path inside the repository");
        }
        if (validation.IsValid && await grains.GetGrain<IRepositoryGrain>(request.Repository!).GetAsync() is null)
        {
            validation.Add("repository", $"no repository named \"{request.Repository}\" is registered");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var spec = new ApplicationSpec
        {
            Repository = request.Repository!,
            Revision = string.IsNullOrWhiteSpace(request.Revision) ? null : request.Revision,
            Path = request.Path!,
            Destination = new Destination
            {
                Clusters = destination!.Clusters ?? [],
                MatchLabels = destination.Selector?.MatchLabels,
                Namespace = destination.Namespace ?? "default",
            },
            SyncPolicy = new SyncPolicy
            {
                Automated = request.SyncPolicy?.Automated ?? false,
                Prune = request.SyncPolicy?.Prune ?? false,
                SelfHeal = request.SyncPolicy?.SelfHeal ?? false,
            },
        };
        return TypedResults.Ok(await grains.GetGrain<IApplicationGrain>(name).PutAsync(spec));
    }

    private static async Task<Ok<List<ApplicationView>>> ListAsync(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IFleetDirectoryGrain>("fleet").GetApplicationsAsync();
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IApplicationGrain>(n).GetAsync()));
        return TypedResults.Ok(views.OfType<ApplicationView>().ToList());
    }

    private static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IApplicationGrain>(name).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("application", name);

    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> GetInstanceAsync(string name, string cluster, IGrainFactory grains)
    {
        // An instance holds state exactly while its application targets the cluster (retiring clears it), so ask it
        // directly; the application (which reads every instance) is asked only to tell the two 404s apart.
        if (await grains.GetGrain<IApplicationInstanceGrain>($"{name}/{cluster}").GetAsync() is { } instance)
        {
            return TypedResults.Ok(instance);
        }
        return await grains.GetGrain<IApplicationGrain>(name).GetAsync() is null
            ? Problems.NotFound("application", name)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found",
                detail: $"Application \"{name}\" does not target cluster \"{cluster}\".");
    }

    private static async Task<Results<Accepted<ApplicationView>, ProblemHttpResult>> SyncAsync(string name, IGrainFactory grains)
    {
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is null)
        {
            return Problems.NotFound("application", name);
        }
        await application.SyncAsync(Operator);
        return TypedResults.Accepted($"/api/v1/applications/{name}", (await application.GetAsync())!);
    }

    private static async Task<Results<Accepted<ApplicationView>, ProblemHttpResult, ValidationProblem>> RollbackAsync(string name, RollbackRequest request, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request.Revision))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["revision"] = ["is required: a commit SHA, tag or branch to roll back to"] });
        }
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is null)
        {
            return Problems.NotFound("application", name);
        }
        await application.RollbackAsync(request.Revision, Operator);
        return TypedResults.Accepted($"/api/v1/applications/{name}", (await application.GetAsync())!);
    }

    private static async Task<Results<Accepted<ApplicationView>, ProblemHttpResult>> UnpinAsync(string name, IGrainFactory grains)
    {
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is null)
        {
            return Problems.NotFound("application", name);
        }
        await application.UnpinAsync(Operator);
        return TypedResults.Accepted($"/api/v1/applications/{name}", (await application.GetAsync())!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IGrainFactory grains, bool? cascade) =>
        await grains.GetGrain<IApplicationGrain>(name).DeleteAsync(cascade ?? true) ? TypedResults.NoContent() : Problems.NotFound("application", name);
}
