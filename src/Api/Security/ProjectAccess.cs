using System.Security.Claims;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Api.Security;

/// <summary>
/// What of the fleet a caller may reach: everything, or only the applications of some projects (a token made with
/// <c>"projects"</c>). The one place the API decides it: the applications endpoints run <see cref="ApplicationScopeFilter"/>,
/// lists filter with <see cref="Allows(ApplicationSpec?)"/>, and fleet-wide administration requires an unscoped caller
/// (<see cref="FleetPolicies.Administer"/>). An application outside the caller's projects answers 404, as if it did
/// not exist, so that a scoped token learns nothing of other teams' names.
/// </summary>
public sealed class ProjectAccess
{
    /// <summary>The claim naming one project a principal is limited to.</summary>
    public const string ProjectClaim = "fleet.dev/project";

    /// <summary>The claim marking a principal as limited to projects; with no project claim it may reach nothing.</summary>
    public const string ScopedClaim = "fleet.dev/scoped";

    private static readonly ProjectAccess Everything = new(null);

    private readonly HashSet<string>? _projects;

    private ProjectAccess(HashSet<string>? projects) => _projects = projects;

    /// <summary>Whether the caller is limited to projects.</summary>
    public bool IsScoped => _projects is not null;

    /// <summary>The claims that carry a token's projects (none for a token of the whole fleet).</summary>
    public static IEnumerable<Claim> Claims(IReadOnlyList<string>? projects) =>
        projects is null ? [] : [new Claim(ScopedClaim, "true"), .. projects.Select(p => new Claim(ProjectClaim, p))];

    /// <summary>The access of <paramref name="user"/>, read from its claims.</summary>
    public static ProjectAccess Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasClaim(c => c.Type == ScopedClaim)
            ? new ProjectAccess([.. user.FindAll(ProjectClaim).Select(c => c.Value)])
            : Everything;
    }

    /// <summary>Whether the caller may reach the applications of <paramref name="project"/>.</summary>
    public bool Allows(string project) => _projects is null || _projects.Contains(project);

    /// <summary>Whether the caller may reach the application of <paramref name="spec"/> (false when there is none).</summary>
    public bool Allows(ApplicationSpec? spec) => spec is not null && Allows(spec.ProjectOrDefault());

    /// <summary>Whether the caller may reach the application named <paramref name="application"/>; asks the directory only for a scoped caller.</summary>
    public async Task<bool> AllowsApplicationAsync(IGrainFactory grains, string application) =>
        !IsScoped || Allows(await SpecAsync(grains, application));

    /// <summary>
    /// The spec of an application, or null when there is none: from the directory, else (an application registered
    /// before the directory kept specs) from the application itself, so that such an application is not left open.
    /// </summary>
    internal static async Task<ApplicationSpec?> SpecAsync(IGrainFactory grains, string application) =>
        await grains.FleetDirectory().GetApplicationSpecAsync(application)
        ?? (await grains.GetGrain<IApplicationGrain>(application).GetAsync())?.Spec;

    /// <summary>The applications the caller may reach, or null when it may reach every one.</summary>
    public async Task<IReadOnlyList<string>?> ApplicationsAsync(IGrainFactory grains)
    {
        if (!IsScoped)
        {
            return null;
        }
        var entries = await grains.FleetDirectory().GetApplicationEntriesAsync();
        return [.. entries.Where(e => Allows(e.Spec)).Select(e => e.Name)];
    }
}

/// <summary>
/// Runs before every endpoint under /api/v1/applications/{name}: an application outside the caller's projects
/// answers 404 before the handler sees the request. A name that is not registered passes (the handler answers 404,
/// or a PUT creates it, and the PUT checks the project it names).
/// </summary>
public sealed class ApplicationScopeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var access = ProjectAccess.Of(context.HttpContext.User);
        if (access.IsScoped && context.HttpContext.GetRouteValue("name") is string name)
        {
            var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
            if (await ProjectAccess.SpecAsync(grains, name) is { } spec && !access.Allows(spec))
            {
                return Problems.NotFound("application", name);
            }
        }
        return await next(context);
    }
}
