using System.Text.Json.Serialization;
using Fleet.Api.Agents;
using Fleet.Api.Applications;
using Fleet.Api.Audit;
using Fleet.Api.Clusters;
using Fleet.Api.Diagnostics;
using Fleet.Api.Documents;
using Fleet.Api.Errors;
using Fleet.Api.Events;
using Fleet.Api.FleetSummary;
using Fleet.Api.Health;
using Fleet.Api.ImageAutomation;
using Fleet.Api.Instances;
using Fleet.Api.Notifications;
using Fleet.Api.OpenApi;
using Fleet.Api.Projects;
using Fleet.Api.Repositories;
using Fleet.Api.Security;
using Fleet.Api.Telemetry;
using Fleet.Api.Tokens;
using Fleet.Api.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Api;

/// <summary>Registers and maps Fleet's HTTP API; the silo co-hosts it in the same process.</summary>
public static class FleetApiExtensions
{
    /// <summary>Adds the services the API endpoints need (problem details for every error).</summary>
    public static IHostApplicationBuilder AddFleetApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.AddFleetSecurity();
        builder.AddFleetRateLimits();
        builder.Services.AddSingleton<EventStreamSlots>();
        // An app of apps on the silo writes its documents through the same endpoints as fleet apply.
        builder.Services.AddSingleton<Fleet.Grains.Interfaces.ControlPlane.IFleetDocumentWriter, EndpointDocumentWriter>();
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration("Fleet:Bootstrap");
        builder.Services.AddHostedService<FleetBootstrap>();
        // The first admin token is created through the token registry grain, so only a host with the silo runs it.
        builder.Services.AddHostedService<AdminBootstrap>();
        builder.AddFleetAudit();
        builder.AddFleetOpenApi();
        builder.AddFleetTelemetry();
        builder.AddFleetErrorMapping();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Status words travel as text ("Synced", "Degraded"), as users of the anchors expect.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // A misspelt field ("syncPolicyy") would otherwise be dropped and the request succeed without it, so an
            // application meant to prune would not: every request body is read strictly, and RequestBodyExceptionHandler
            // answers 400 naming the field. Webhooks read their third-party payloads as raw JSON, untouched by this.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        return builder;
    }

    /// <summary>
    /// Authentication, then the limiter for callers without a valid token (it needs to know whether the caller holds
    /// one), then authorization: a request with a wrong token is counted before authorization answers it 401. YAML and
    /// document bodies of authenticated callers are turned into the JSON the endpoints read before routing, which
    /// chooses endpoints by content type.
    /// </summary>
    public static IApplicationBuilder UseFleetRequestPipeline(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        // Before routing: routing picks the endpoint by the body's content type, so YAML must be JSON by then.
        app.UseFleetDocumentBodies();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Maps every endpoint group of the API.</summary>
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthApi();
        endpoints.MapClustersApi();
        endpoints.MapAgentsApi();
        endpoints.MapRepositoriesApi();
        endpoints.MapImageAutomationApi();
        endpoints.MapApplicationsApi();
        endpoints.MapProjectsApi();
        endpoints.MapFleetSummaryApi();
        endpoints.MapTokensApi();
        endpoints.MapAuditApi();
        endpoints.MapInstancesApi();
        endpoints.MapFleetOpenApi();
        endpoints.MapWebhooksApi();
        endpoints.MapFleetMetrics();
        endpoints.MapEventsApi();
        endpoints.MapNotificationsApi();
        endpoints.MapDocumentMetadataApi();
        endpoints.MapDiagnosticsApi();
        return endpoints;
    }
}
