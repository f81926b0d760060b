using Fleet.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Fleet.Api.OpenApi;

/// <summary>
/// The OpenAPI document of the API at <c>/openapi/v1.json</c> and a browsable reference at <c>/docs</c>, both
/// anonymous: they describe the API, they grant nothing. Every endpoint that needs a token says so in the document.
/// </summary>
public static class OpenApiExtensions
{
    /// <summary>The security scheme's name in the document.</summary>
    public const string BearerScheme = "bearer";

    /// <summary>Adds the document generator with the bearer scheme.</summary>
    public static IHostApplicationBuilder AddFleetOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Fleet API",
                    Version = "v1",
                    // The description is Markdown: outside a code span the reference page takes "<token>" for an HTML
                    // tag and drops it, leaving "Bearer" alone.
                    Description = "GitOps control plane for many Kubernetes clusters. Send `Authorization: Bearer <token>`; "
                        + "errors are RFC 7807 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A Fleet API token (the admin token from FLEET_ADMIN_TOKEN, or an issued token).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }
                var policy = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? FleetPolicies.Read;
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                operation.Description = string.IsNullOrEmpty(operation.Description)
                    ? $"Requires policy {policy}."
                    : $"{operation.Description} Requires policy {policy}.";
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>Maps the document and the reference page.</summary>
    public static IEndpointRouteBuilder MapFleetOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapScalarApiReference("/docs", options => options
            .WithTitle("Fleet API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            // Fleet runs where the internet may be out of reach, and its reference must not send anyone, or any part
            // of the API document, to outside services: no developer toolbar (deploy, SDK generation), no AI agent,
            // no MCP integration, no fonts from a CDN, no telemetry.
            .HideDeveloperTools()
            .DisableAgent()
            .DisableMcp()
            .DisableDefaultFonts()
            .DisableTelemetry())
            .AllowAnonymous();
        return endpoints;
    }
}
