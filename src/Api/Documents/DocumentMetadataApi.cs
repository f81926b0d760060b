using System.Text.Json.Nodes;
using Fleet.Api.Security;
using Fleet.Engine.Documents;
using Fleet.Grains.Interfaces.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Documents;

/// <summary>What <c>GET /api/v1/metadata/{collection}/{name}</c> answers: the owner and the secret references as a document writes them.</summary>
public sealed record DocumentMetadataView(string? Owner, JsonObject SecretReferences);

/// <summary>
/// /api/v1/metadata: what Fleet keeps beside an object's spec. <c>fleet get</c> reads it to print an object's secret
/// references back into its document (never a value), and a person reads which app of apps owns an object.
/// </summary>
public static class DocumentMetadataApi
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapDocumentMetadataApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/metadata/{collection}/{name}", GetAsync).WithTags("Documents").WithName("GetDocumentMetadata")
            .WithSummary("The owner (an app of apps) and the secret references of an object.")
            .RequireAuthorization(FleetPolicies.Read);
        return endpoints;
    }

    private static async Task<Results<Ok<DocumentMetadataView>, ProblemHttpResult>> GetAsync(string collection, string name, IGrainFactory grains)
    {
        if (DocumentKinds.OfCollection(collection) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Collection not found",
                detail: $"/api/v1/{collection} has no fleet.dev/v1 documents: {string.Join(", ", DocumentKinds.All.Select(k => k.Collection))}");
        }
        var metadata = await grains.GetGrain<IDocumentMetadataGrain>($"{collection}/{name}").GetAsync();
        var references = new JsonObject();
        foreach (var (field, reference) in metadata.SecretReferences.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            references[field] = SecretReferences.ToJson(reference);
        }
        return TypedResults.Ok(new DocumentMetadataView(metadata.Owner, references));
    }
}
