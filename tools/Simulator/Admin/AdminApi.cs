using Fleet.Kubernetes.Names;
using Fleet.Simulator.Hosting;
using Fleet.Simulator.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Simulator.Admin;

/// <summary>What the admin endpoint reports about a cluster (never its token).</summary>
public sealed record ClusterInfo(string Name, string Path, int Objects, int Watchers, FaultSettings Faults);

/// <summary>Fault settings as the admin endpoint reads and writes them.</summary>
/// <param name="LatencyMs">Delay added to every request.</param>
/// <param name="ErrorRate">Share of requests (0..1) that fail.</param>
/// <param name="ErrorCode">500, or 429 (sent with Retry-After).</param>
/// <param name="RetryAfterSeconds">Retry-After of a 429.</param>
/// <param name="Outage"><c>none</c>, <c>refuse</c> (connection dropped) or <c>unavailable</c> (503).</param>
public sealed record FaultSettings(int LatencyMs = 0, double ErrorRate = 0, int ErrorCode = 500, int RetryAfterSeconds = 1, string Outage = "none")
{
    public static FaultSettings From(ClusterFaults faults) => new(
        (int)faults.Latency.TotalMilliseconds, faults.ErrorRate, faults.ErrorCode, faults.RetryAfterSeconds,
        faults.Outage switch { OutageMode.ConnectionRefused => "refuse", OutageMode.Unavailable => "unavailable", _ => "none" });
}

/// <summary>
/// <c>/admin</c>: add and remove virtual clusters and inject faults at run time. Out-of-band edits need no admin
/// call: they are ordinary API or kubectl requests against the cluster.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").AddEndpointFilter(RequireAdminToken);
        admin.MapGet("/clusters", (ClusterRegistry clusters) =>
            TypedResults.Ok(clusters.All.OrderBy(c => c.Name, StringComparer.Ordinal).Select(Describe).ToList()));
        admin.MapPut("/clusters/{name}", Results<Ok<ClusterInfo>, ValidationProblem> (string name, ClusterRegistry clusters) =>
        {
            if (!NameRules.IsDns1123Label(name))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["must be a lowercase RFC 1123 label"] });
            }
            return TypedResults.Ok(Describe(clusters.Add(name)));
        });
        admin.MapDelete("/clusters/{name}", Results<NoContent, NotFound> (string name, ClusterRegistry clusters) =>
            clusters.Remove(name) ? TypedResults.NoContent() : TypedResults.NotFound());
        admin.MapPut("/clusters/{name}/faults", Results<Ok<FaultSettings>, NotFound, ValidationProblem> (string name, FaultSettings settings, ClusterRegistry clusters) =>
        {
            if (!clusters.TryGet(name, out var cluster))
            {
                return TypedResults.NotFound();
            }
            var errors = Validate(settings);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            var faults = cluster.Faults;
            faults.Latency = TimeSpan.FromMilliseconds(settings.LatencyMs);
            faults.ErrorRate = settings.ErrorRate;
            faults.ErrorCode = settings.ErrorCode;
            faults.RetryAfterSeconds = settings.RetryAfterSeconds;
            faults.Outage = ParseOutage(settings.Outage)!.Value;
            return TypedResults.Ok(FaultSettings.From(faults));
        });
        admin.MapDelete("/clusters/{name}/faults", Results<NoContent, NotFound> (string name, ClusterRegistry clusters) =>
        {
            if (!clusters.TryGet(name, out var cluster))
            {
                return TypedResults.NotFound();
            }
            cluster.Faults.Clear();
            return TypedResults.NoContent();
        });
        return endpoints;
    }

    private static ClusterInfo Describe(VirtualCluster cluster) =>
        new(cluster.Name, $"/clusters/{cluster.Name}", cluster.ObjectCount, cluster.WatcherCount, FaultSettings.From(cluster.Faults));

    private static Dictionary<string, string[]> Validate(FaultSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        if (settings.LatencyMs is < 0 or > 600_000)
        {
            errors["latencyMs"] = ["must be between 0 and 600000"];
        }
        if (settings.ErrorRate is < 0 or > 1)
        {
            errors["errorRate"] = ["must be between 0 and 1"];
        }
        if (settings.ErrorCode is not (429 or 500 or 502 or 503 or 504))
        {
            errors["errorCode"] = ["must be 429, 500, 502, 503 or 504"];
        }
        if (settings.RetryAfterSeconds is < 0 or > 3600)
        {
            errors["retryAfterSeconds"] = ["must be between 0 and 3600"];
        }
        if (ParseOutage(settings.Outage) is null)
        {
            errors["outage"] = ["must be none, refuse or unavailable"];
        }
        return errors;
    }

    private static OutageMode? ParseOutage(string? outage) => outage switch
    {
        null or "" or "none" => OutageMode.None,
        "refuse" => OutageMode.ConnectionRefused,
        "unavailable" => OutageMode.Unavailable,
        _ => null,
    };

    private static async ValueTask<object?> RequireAdminToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var options = context.HttpContext.RequestServices.GetService(typeof(SimulatorOptions)) as SimulatorOptions;
        if (options?.AdminToken is { } token && context.HttpContext.Request.Headers.Authorization.ToString() != "Bearer " + token)
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "the admin endpoint needs the simulator's admin bearer token");
        }
        return await next(context);
    }
}
