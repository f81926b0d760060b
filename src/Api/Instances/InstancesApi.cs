using System.ComponentModel;
using System.Security.Claims;
using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Instances;

/// <summary>One instance in a list: its status and the first problem, without resources or history.</summary>
public sealed record InstanceSummary(
    string Application,
    string Cluster,
    SyncStatus Sync,
    HealthStatus Health,
    string? Revision,
    string? Reason,
    string? Message,
    DateTimeOffset ChangedAt);

/// <summary>/api/v1/instances: every application instance of the fleet, filtered and paged, answered from the index.</summary>
public static class InstancesApi
{
    /// <summary>Maps GET /api/v1/instances.</summary>
    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/instances", ListAsync).WithTags("Instances").WithName("ListInstances")
            .WithSummary("Lists application instances across the fleet, filtered and paged.")
            .WithDescription("Filters combine: ?health=Degraded&selector=env=prod lists every degraded instance in prod. "
                + "Ordered by application, then cluster; pass the answer's continue token to read the next page.")
            .RequireAuthorization(FleetPolicies.Read);
        return endpoints;
    }

    private static async Task<Results<Ok<Page<InstanceSummary>>, ValidationProblem>> ListAsync(
        IGrainFactory grains,
        ClaimsPrincipal user,
        [Description("Only this application.")] string? application,
        [Description("Only this cluster.")] string? cluster,
        [Description("Synced, OutOfSync or Unknown.")] string? sync,
        [Description("Healthy, Suspended, Progressing, Missing, Degraded or Unknown.")] string? health,
        [Description("Cluster label selector: env=prod,tier!=web,region in (eu,us),!legacy.")] string? selector,
        [Description("Items per page, 1 to 1000 (default 100).")] string? limit,
        [FromQuery(Name = "continue"), Description("The continue token of the previous page, unchanged.")] string? continueToken)
    {
        var validation = new RequestValidation();
        if (application is not null)
        {
            validation.Name("application", application);
        }
        if (cluster is not null)
        {
            validation.Name("cluster", cluster);
        }
        var syncFilter = validation.Enum<SyncStatus>("sync", sync);
        var healthFilter = validation.Enum<HealthStatus>("health", health);
        var requirements = validation.Selector("selector", selector);
        var size = validation.Limit(limit);
        var after = validation.Continue(continueToken, 2);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var page = await grains.GetGrain<IInstanceQueryGrain>(0).QueryAsync(new InstanceQuery
        {
            Application = application,
            Cluster = cluster,
            Sync = syncFilter,
            Health = healthFilter,
            Selector = requirements,
            After = after is null ? null : new InstanceKeyPosition(after[0], after[1]),
            Limit = size,
            Applications = await ProjectAccess.Of(user).ApplicationsAsync(grains),
        });
        var items = page.Rows.Select(r => new InstanceSummary(r.Application, r.Cluster, r.Sync, r.Health, r.Revision, r.Reason, r.Message, r.ChangedAt)).ToList();
        var next = page.Remaining > items.Count && items.Count > 0 ? Paging.Token(items[^1].Application, items[^1].Cluster) : null;
        return TypedResults.Ok(new Page<InstanceSummary>(items, page.Total, next));
    }
}
