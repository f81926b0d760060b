using System.Diagnostics;
using System.Net;
using Fleet.Api.Security;
using Fleet.Api.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Fleet.Silo.Tests.Telemetry;

/// <summary>The telemetry switches (anonymous scraping, OTLP) on a small API-only host over the in-memory test server.</summary>
public sealed class TelemetryConfigurationTests
{
    private static async Task<WebApplication> StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["FLEET_ADMIN_TOKEN"] = "telemetry-test-" + Guid.NewGuid().ToString("N");
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        // No silo here: tokens are checked against the configured admin token only.
        builder.Services.AddSingleton<ITokenValidator, ConfiguredAdminToken>();
        builder.AddFleetSecurity();
        builder.AddFleetTelemetry();
        var app = builder.Build();
        app.MapFleetMetrics();
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task Metrics_AllowAnonymousTrue_AnswersWithoutToken()
    {
        await using var app = await StartAsync((TelemetryExtensions.AllowAnonymousKey, "true"));
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Metrics_AfterRequests_ReportRequestDurations()
    {
        await using var app = await StartAsync((TelemetryExtensions.AllowAnonymousKey, "true"));
        using var client = app.GetTestClient();

        // A request is recorded as it completes, so each scrape counts the ones before it.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<PrometheusSample> samples;
        do
        {
            using var response = await client.GetAsync("/metrics");
            samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        }
        while (!samples.Any(ScrapeCounted) && DateTime.UtcNow < deadline);

        Assert.Contains(samples, ScrapeCounted);

        static bool ScrapeCounted(PrometheusSample x) =>
            x.Name == "http_server_request_duration_seconds_count" && x.Value >= 1 && x.Labels.GetValueOrDefault("http_route") == "/metrics";
    }

    [Fact]
    public async Task Tracing_OtlpEndpointConfigured_ListensToTheFleetSource()
    {
        await using var app = await StartAsync((TelemetryExtensions.OtlpEndpointKey, "http://127.0.0.1:4317"));
        var tracer = app.Services.GetService<TracerProvider>();
        using var source = new ActivitySource(TelemetryExtensions.MeterName);

        using var activity = source.StartActivity("probe");

        Assert.NotNull(tracer);
        Assert.NotNull(activity);
    }
}
