using System.Text.Json.Serialization;
using Fleet.Api.Applications;
using Fleet.Api.Clusters;
using Fleet.Api.Errors;
using Fleet.Api.FleetSummary;
using Fleet.Api.Health;
using Fleet.Api.Repositories;
using Fleet.Api.Security;
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
        builder.AddFleetErrorMapping();
        // Status words travel as text ("Synced", "Degraded"), as users of the anchors expect.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>Maps every endpoint group of the API.</summary>
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthApi();
        endpoints.MapClustersApi();
        endpoints.MapRepositoriesApi();
        endpoints.MapApplicationsApi();
        endpoints.MapFleetSummaryApi();
        return endpoints;
    }
}
