using System.Security.Claims;
using Fleet.Api.Applications;
using Fleet.Api.Security;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Repositories;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Web.Actions;

/// <summary>
/// The UI's actions on an application, as form posts: sync, rollback, unpin, refresh the repository. Each requires
/// the same policy as its API endpoint (<see cref="FleetPolicies.Operate"/>), runs the API's project filter (an
/// application outside a scoped caller's projects answers 404), makes the same grain call, records the caller as the
/// API does, and needs the form's antiforgery token. After the action the browser goes back to the application.
/// </summary>
public static class ApplicationActions
{
    /// <summary>Maps <c>POST /actions/applications/{name}/…</c>.</summary>
    public static IEndpointRouteBuilder MapApplicationActions(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/actions/applications/{name}").ExcludeFromDescription()
            .RequireAuthorization(FleetPolicies.Operate)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter<ApplicationScopeFilter>();
        group.MapPost("/sync", SyncAsync);
        group.MapPost("/rollback", RollbackAsync);
        group.MapPost("/unpin", UnpinAsync);
        group.MapPost("/refresh", RefreshAsync);
        return endpoints;
    }

    private static async Task<IResult> SyncAsync(string name, IGrainFactory grains, ClaimsPrincipal user, [FromForm] string? prune)
    {
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is null)
        {
            return Results.NotFound();
        }
        await application.SyncAsync(Caller(user), prune == "true");
        return Back(name, "Sync started.");
    }

    private static async Task<IResult> RollbackAsync(string name, IGrainFactory grains, ClaimsPrincipal user, [FromForm] string? revision)
    {
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is not { } view)
        {
            return Results.NotFound();
        }
        // The UI offers the commits of the application's history, the rollback targets the API takes without asking Git.
        var commit = revision is null ? null : RollbackTargets.FromHistory(revision, view.Instances.SelectMany(i => i.History.Select(h => h.Revision)));
        if (commit is null)
        {
            return Back(name, "Choose a revision from the history to roll back to.");
        }
        await application.RollbackAsync(commit, Caller(user), prune: false);
        return Back(name, $"Rolling back to {commit[..Math.Min(7, commit.Length)]}; the application is pinned there until unpinned.");
    }

    private static async Task<IResult> UnpinAsync(string name, IGrainFactory grains, ClaimsPrincipal user)
    {
        var application = grains.GetGrain<IApplicationGrain>(name);
        if (await application.GetAsync() is null)
        {
            return Results.NotFound();
        }
        await application.UnpinAsync(Caller(user));
        return Back(name, "Unpinned: the application follows its revision again.");
    }

    private static async Task<IResult> RefreshAsync(string name, IGrainFactory grains)
    {
        if (await grains.GetGrain<IApplicationGrain>(name).GetAsync() is not { } view)
        {
            return Results.NotFound();
        }
        await grains.GetGrain<IRepositoryGrain>(view.Spec.Repository).RefreshAsync();
        return Back(name, $"Repository {view.Spec.Repository} refreshed.");
    }

    // Post, redirect, get: a reload does not repeat the action, and the notice says what happened.
    private static IResult Back(string name, string notice) =>
        Results.Redirect($"/applications/{Uri.EscapeDataString(name)}?notice={Uri.EscapeDataString(notice)}", permanent: false, preserveMethod: false);

    private static string Caller(ClaimsPrincipal user) => string.IsNullOrEmpty(user.Identity?.Name) ? "ui" : user.Identity.Name;
}
