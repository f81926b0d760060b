using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text;
using Fleet.Api.Audit;
using Fleet.Api.Security;
using Fleet.Engine.Documents;
using Fleet.Grains.Interfaces.ControlPlane;
using Fleet.Grains.Interfaces.Documents;
using Fleet.Grains.Interfaces.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Api.Documents;

/// <summary>
/// Writes Fleet objects for an app of apps through the API's own endpoints, called in process: a document in Git is
/// bound, validated and stored by the same handler as one sent with <c>fleet apply</c>, so the two cannot drift
/// apart. Authentication and authorization are not run: only a token of the whole fleet may create an application
/// whose destination is the control plane, and what it declares is written with that authority. Secret references
/// are resolved here, as <see cref="DocumentBodies"/> resolves them for a request.
/// </summary>
public sealed class EndpointDocumentWriter(EndpointDataSource endpoints, IServiceScopeFactory scopes, IGrainFactory grains, AuditRecorder audit, TimeProvider time)
    : IFleetDocumentWriter
{
    // What the app of apps writes is an admin's act (only a token of the whole fleet may create one); named after it.
    private static ClaimsPrincipal ControlPlane(string author) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, author), new Claim(ClaimTypes.Role, FleetRoles.Admin)], "fleet-control-plane"));

    public async Task<DocumentWrite> PutAsync(string author, string collection, string name, string specJson, CancellationToken ct)
    {
        var kind = DocumentKinds.OfCollection(collection) ?? throw new ArgumentException($"{collection} has no documents", nameof(collection));
        var spec = JsonNode.Parse(specJson)!.AsObject();
        var references = await SecretReferences.ResolveAsync(kind, spec, grains);
        if (references.Field is not null)
        {
            return new DocumentWrite(StatusCodes.Status400BadRequest, new Dictionary<string, string[]> { [references.Field] = [references.Error!] });
        }
        var (status, body) = await SendAsync(author, HttpMethods.Put, collection, name, spec.ToJsonString(), ct);
        if (status is >= 200 and < 300)
        {
            await grains.GetGrain<IDocumentMetadataGrain>($"{collection}/{name}").SetSecretReferencesAsync(references.References);
        }
        return new DocumentWrite(status, ErrorsOf(status, body));
    }

    public async Task<bool> ExistsAsync(string collection, string name, CancellationToken ct) =>
        await GetAsync(collection, name, ct) is not null;

    public async Task<string?> GetAsync(string collection, string name, CancellationToken ct) =>
        await SendAsync("fleet-control-plane", HttpMethods.Get, collection, name, null, ct) is (StatusCodes.Status200OK, var body) ? body : null;

    public async Task<bool> DeleteAsync(string author, string collection, string name, CancellationToken ct) =>
        (await SendAsync(author, HttpMethods.Delete, collection, name, null, ct)).Status is >= 200 and < 300;

    private async Task<(int Status, string Body)> SendAsync(string author, string method, string collection, string name, string? body, CancellationToken ct)
    {
        var pattern = $"/api/v1/{collection}/{{name}}";
        var endpoint = endpoints.Endpoints.OfType<RouteEndpoint>().FirstOrDefault(e =>
                e.RoutePattern.RawText?.TrimEnd('/') == pattern
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase) == true)
            ?? throw new InvalidOperationException($"the API has no {method} {pattern}");
        await using var scope = scopes.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = ControlPlane(author) };
        context.RequestAborted = ct;
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Path = $"/api/v1/{collection}/{Uri.EscapeDataString(name)}";
        context.Request.RouteValues["name"] = name;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
            // A server says whether a request may have a body; without the feature the endpoint would bind none.
            context.Features.Set<IHttpRequestBodyDetectionFeature>(new WithBody());
        }
        using var response = new MemoryStream();
        context.Response.Body = response;
        context.SetEndpoint(endpoint);
        try
        {
            await endpoint.RequestDelegate!(context);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or System.Text.Json.JsonException)
        {
            // The pipeline's exception handlers turn a body that does not bind into a 400 naming the field.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            foreach (var handler in scope.ServiceProvider.GetServices<IExceptionHandler>())
            {
                if (await handler.TryHandleAsync(context, exception, ct))
                {
                    break;
                }
            }
        }
        if (!HttpMethods.IsGet(method))
        {
            // These calls skip the middleware that audits requests: a write from Git is recorded as any other write.
            var status = context.Response.StatusCode;
            audit.Record(new AuditEntry
            {
                Time = time.GetUtcNow(),
                Who = author,
                Role = FleetRoles.Admin,
                Method = method,
                Path = context.Request.Path.ToString(),
                Status = status,
                Outcome = status < 400 ? AuditOutcome.Succeeded : AuditOutcome.Failed,
            });
        }
        return (context.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()));
    }

    private sealed class WithBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    private static Dictionary<string, string[]> ErrorsOf(int status, string body)
    {
        if (status is >= 200 and < 300)
        {
            return [];
        }
        JsonNode? problem = null;
        try
        {
            problem = body.Length > 0 ? JsonNode.Parse(body) : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        if (problem?["errors"] is JsonObject errors)
        {
            return errors.ToDictionary(e => e.Key, e => e.Value is JsonArray items ? items.Select(i => i?.ToString() ?? "").ToArray() : [e.Value?.ToString() ?? ""]);
        }
        var detail = problem?["detail"]?.ToString() ?? problem?["title"]?.ToString() ?? $"the API answered {status}";
        return new Dictionary<string, string[]> { [""] = [detail] };
    }
}
