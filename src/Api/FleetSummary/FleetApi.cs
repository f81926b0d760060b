using Fleet.Api.Security;
using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.FleetSummary;

/// <summary>Clusters by connectivity.</summary>
public sealed record ClusterTotals(int Total, int Connected, int Unreachable);

/// <summary>Instances by sync and health.</summary>
public sealed record InstanceTotals(int Total, int Synced, int OutOfSync, int SyncUnknown, int Healthy, int Suspended, int Progressing, int Missing, int Degraded, int Unknown);

/// <summary>GET /api/v1/fleet.</summary>
public sealed record FleetResponse(ClusterTotals Clusters, InstanceTotals Instances, DateTimeOffset AsOf);

/// <summary>/api/v1/fleet: the fleet at a glance, answered from memory.</summary>
public static class FleetApi
{
    public static IEndpointRouteBuilder MapFleetSummaryApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/fleet", GetAsync).WithTags("Fleet").WithName("GetFleet")
            .WithSummary("Clusters by connectivity and instances by sync and health.")
            .RequireAuthorization(FleetPolicies.Read);
        return endpoints;
    }

    private static async Task<Ok<FleetResponse>> GetAsync(IGrainFactory grains)
    {
        var summary = await grains.FleetSummary().GetAsync();
        var i = summary.Instances;
        return TypedResults.Ok(new FleetResponse(
            new ClusterTotals(summary.Clusters, summary.Connected, summary.Unreachable),
            new InstanceTotals(i.Total, i.Synced, i.OutOfSync, i.SyncUnknown, i.Healthy, i.Suspended, i.Progressing, i.Missing, i.Degraded, i.Unknown),
            summary.AsOf));
    }
}
