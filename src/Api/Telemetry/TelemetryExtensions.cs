using System.Diagnostics.Metrics;
using Fleet.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fleet.Api.Telemetry;

/// <summary>
/// OpenTelemetry for Fleet: the "Fleet" meter (grains' and the API's instruments), ASP.NET Core request and .NET
/// runtime metrics, scraped at /metrics in Prometheus text format. When <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or
/// <c>Fleet:Otlp:Endpoint</c> is set, metrics also go to that OTLP collector, and so do traces from the "Fleet"
/// activity source and ASP.NET Core (recorded only then).
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Name of Fleet's meter and activity source.</summary>
    public const string MeterName = "Fleet";

    /// <summary>
    /// The API's instruments live on one meter per process, never disposed: OpenTelemetry listens to meters by name
    /// across the process and drops a series once any instrument of that name is disposed, so a meter disposed with
    /// one host (a second host in tests, a restarted demo) would take the series of the others away.
    /// </summary>
    internal static readonly Meter ProcessMeter = new(MeterName);

    /// <summary>Config key: when true, /metrics answers without a token (for scrapers); default false (Read policy).</summary>
    public const string AllowAnonymousKey = "Fleet:Metrics:AllowAnonymous";

    /// <summary>Config key of the OTLP endpoint (the standard environment variable works as well).</summary>
    public const string OtlpEndpointKey = "Fleet:Otlp:Endpoint";

    /// <summary>Registers metrics, traces and their exporters.</summary>
    public static IHostApplicationBuilder AddFleetTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<WebhookMetrics>();
        builder.Services.TryAddSingleton<RequestMetrics>();
        var configured = builder.Configuration[OtlpEndpointKey];
        var otlp = !string.IsNullOrWhiteSpace(configured) || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        void Otlp(OtlpExporterOptions options)
        {
            if (!string.IsNullOrWhiteSpace(configured))
            {
                options.Endpoint = new Uri(configured);
            }
        }
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("fleet"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter(Otlp);
                }
            });
        if (otlp)
        {
            // Spans are recorded only when they go somewhere: a listener makes every reconcile and request build one.
            telemetry.WithTracing(tracing => tracing.AddSource(MeterName).AddAspNetCoreInstrumentation().AddOtlpExporter(Otlp));
        }
        return builder;
    }

    /// <summary>Maps /metrics: Read policy unless <see cref="AllowAnonymousKey"/> is true.</summary>
    public static IEndpointRouteBuilder MapFleetMetrics(this IEndpointRouteBuilder endpoints)
    {
        var scrape = endpoints.MapPrometheusScrapingEndpoint("/metrics");
        if (endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetValue(AllowAnonymousKey, false))
        {
            // Operators opted in: Prometheus scrapers often carry no token, and the metrics hold no secrets.
            scrape.AllowAnonymous();
        }
        else
        {
            scrape.RequireAuthorization(FleetPolicies.Read);
        }
        return endpoints;
    }
}
