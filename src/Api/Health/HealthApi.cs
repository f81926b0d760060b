using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Health;

/// <summary>Liveness endpoint: answers without authentication so that probes and load balancers can use it.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Text("ok"))
            .WithName("Healthz")
            .WithSummary("Liveness: the process is up and serving HTTP.")
            .WithTags("Health")
            .AllowAnonymous();
        return endpoints;
    }
}
