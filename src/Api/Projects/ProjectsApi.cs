using System.Security.Claims;
using Fleet.Api.Applications;
using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Engine.Projects;
using Fleet.Grains.Interfaces.Projects;
using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Projects;

/// <summary>One destination of a project: clusters by name glob and/or selector, and a namespace glob.</summary>
public sealed record ProjectDestinationRequest(string? Cluster, SelectorRequest? Selector, string? Namespace);

/// <summary>An API group and kind; each may be a glob, "" is the core group.</summary>
public sealed record GroupKindRequest(string? Group, string? Kind);

/// <summary>Body of PUT /api/v1/projects/{name}.</summary>
public sealed record ProjectRequest(
    string? Description,
    List<string>? SourceRepositories,
    List<ProjectDestinationRequest>? Destinations,
    List<GroupKindRequest>? ClusterResources,
    List<GroupKindRequest>? NamespaceResourcesDenied,
    List<string>? RemoteSources = null);

/// <summary>/api/v1/projects: what applications may touch. Defining and deleting needs an admin of the whole fleet.</summary>
public static class ProjectsApi
{
    private const int MaxDescription = 1024;
    private const int MaxRemoteSource = 512;

    /// <summary>Maps the projects endpoints.</summary>
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/projects").WithTags("Projects");
        group.MapPut("/{name}", PutAsync).WithName("PutProject")
            .WithSummary("Creates a project or replaces its rules; its applications are checked against them at once.")
            .RequireAuthorization(FleetPolicies.Administer);
        group.MapGet("/", ListAsync).WithName("ListProjects").WithSummary("Lists projects (a project-scoped token sees its own).")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}", GetAsync).WithName("GetProject").WithSummary("Reads a project: its rules and its applications.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteProject")
            .WithSummary("Deletes a project; refused with 409 while applications name it, and for the built-in project default.")
            .RequireAuthorization(FleetPolicies.Administer);
        return endpoints;
    }

    private static async Task<Results<Ok<ProjectView>, ValidationProblem>> PutAsync(string name, ProjectRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name);
        if (request.Description is { Length: > MaxDescription })
        {
            validation.Add("description", $"must be at most {MaxDescription} characters");
        }
        foreach (var (pattern, i) in (request.SourceRepositories ?? []).Select((p, i) => (p, i)))
        {
            validation.Glob($"sourceRepositories[{i}]", pattern, required: true);
        }
        var destinations = new List<ProjectDestinationSpec>();
        foreach (var (destination, i) in (request.Destinations ?? []).Select((d, i) => (d, i)))
        {
            var field = $"destinations[{i}]";
            if (destination.Cluster is not null)
            {
                validation.Glob($"{field}.cluster", destination.Cluster, required: true);
            }
            validation.Glob($"{field}.namespace", destination.Namespace, required: true);
            var expressions = validation.Selector($"{field}.selector", destination.Selector);
            destinations.Add(new ProjectDestinationSpec
            {
                Cluster = destination.Cluster,
                MatchLabels = destination.Selector?.MatchLabels,
                MatchExpressions = expressions,
                Namespace = destination.Namespace ?? "",
            });
        }
        foreach (var (pattern, i) in (request.RemoteSources ?? []).Select((p, i) => (p, i)))
        {
            RemoteSource(validation, $"remoteSources[{i}]", pattern);
        }
        var clusterResources = GroupKinds(validation, "clusterResources", request.ClusterResources);
        var denied = GroupKinds(validation, "namespaceResourcesDenied", request.NamespaceResourcesDenied);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var spec = new ProjectSpec
        {
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description,
            SourceRepositories = request.SourceRepositories ?? [],
            Destinations = destinations,
            ClusterResources = clusterResources,
            NamespaceResourcesDenied = denied,
            RemoteSources = request.RemoteSources ?? [],
        };
        return TypedResults.Ok(await grains.GetGrain<IProjectGrain>(name).PutAsync(spec));
    }

    // A glob of remote references as written in kustomizations (https://github.com/org/repo//path?ref=v1, file:///…).
    private static void RemoteSource(RequestValidation validation, string field, string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            validation.Add(field, "is required (a remote reference as kustomizations write it, or a glob of them with * and ?)");
        }
        else if (pattern.Length > MaxRemoteSource)
        {
            validation.Add(field, $"must be at most {MaxRemoteSource} characters");
        }
        else if (pattern.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            validation.Add(field, $"\"{pattern}\" must not contain spaces or control characters");
        }
        else if (pattern.All(c => c is '*' or '?' or '/' or ':'))
        {
            // "*" would let every application of the project fetch anything the silo can reach.
            validation.Add(field, $"\"{pattern}\" must name a host or a path, not only wildcards");
        }
    }

    private static async Task<Ok<List<ProjectView>>> ListAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        var access = ProjectAccess.Of(user);
        var names = (await grains.FleetDirectory().GetProjectsAsync()).Append(ProjectRules.DefaultName)
            .Distinct(StringComparer.Ordinal).Where(access.Allows).Order(StringComparer.Ordinal);
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IProjectGrain>(n).GetAsync()));
        return TypedResults.Ok(views.OfType<ProjectView>().ToList());
    }

    private static async Task<Results<Ok<ProjectView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains, ClaimsPrincipal user) =>
        ProjectAccess.Of(user).Allows(name) && await grains.GetGrain<IProjectGrain>(name).GetAsync() is { } view
            ? TypedResults.Ok(view)
            : Problems.NotFound("project", name);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IGrainFactory grains)
    {
        var project = grains.GetGrain<IProjectGrain>(name);
        return await project.DeleteAsync() switch
        {
            ProjectDeletion.Deleted => TypedResults.NoContent(),
            ProjectDeletion.InUse => Problems.Conflict(
                $"Project \"{name}\" is named by applications {string.Join(", ", (await project.GetAsync())?.Applications ?? [])}; move or delete them first."),
            ProjectDeletion.BuiltIn => Problems.Conflict(
                $"Project \"{name}\" is built in and cannot be deleted; PUT it to restrict what applications without a project may do."),
            _ => Problems.NotFound("project", name),
        };
    }

    private static List<GroupKind> GroupKinds(RequestValidation validation, string field, List<GroupKindRequest>? requested)
    {
        var kinds = new List<GroupKind>();
        foreach (var (kind, i) in (requested ?? []).Select((k, i) => (k, i)))
        {
            validation.Glob($"{field}[{i}].group", kind.Group ?? "", required: false);
            validation.Glob($"{field}[{i}].kind", kind.Kind, required: true, kind: true);
            kinds.Add(new GroupKind { Group = kind.Group ?? "", Kind = kind.Kind ?? "" });
        }
        return kinds;
    }
}
