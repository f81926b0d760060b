using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Fleet.Api.Health;

/// <summary>
/// Liveness and readiness. Both answer without authentication: probes and load balancers carry no token, and neither
/// says more than "up" or why not.
/// </summary>
public static class HealthApi
{
    /// <summary>How long readiness waits for a grain call before calling the silo not ready.</summary>
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Maps /healthz and /readyz.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Text("ok"))
            .WithName("Healthz")
            .WithSummary("Liveness: the process is up and serving HTTP.")
            .WithTags("Health")
            .AllowAnonymous();
        endpoints.MapGet("/readyz", ReadyAsync)
            .WithName("Readyz")
            .WithSummary("Readiness: the silo is active and answers a grain call (the fleet summary) within 2 seconds; 503 otherwise.")
            .WithTags("Health")
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<Results<Ok<string>, ProblemHttpResult>> ReadyAsync(IGrainFactory grains, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return NotReady("The silo is shutting down.");
        }
        try
        {
            await grains.FleetSummary().GetAsync().WaitAsync(ReadinessTimeout, cancellationToken);
            return TypedResults.Ok("ready");
        }
        catch (TimeoutException)
        {
            return NotReady($"The fleet summary did not answer within {ReadinessTimeout.TotalSeconds:0} seconds.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception type says enough (the silo not started, a lost cluster); messages may carry addresses.
            return NotReady($"A grain call failed: {e.GetType().Name}.");
        }
    }

    private static ProblemHttpResult NotReady(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: detail);
}
