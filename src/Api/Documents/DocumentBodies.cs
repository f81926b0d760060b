using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Fleet.Engine.Documents;
using Fleet.Grains.Interfaces.Documents;
using Fleet.Kubernetes.Yaml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Fleet.Api.Documents;

/// <summary>
/// Lets the API take bodies as people keep them in Git: YAML (<c>application/yaml</c>) as well as JSON, and, for the
/// PUT of an object, its <c>fleet.dev/v1</c> document as well as the bare body. Either is turned into the JSON body
/// the endpoint reads, so every endpoint validates one form only. Runs after authentication and before routing (which
/// answers 415 to a content type the endpoint does not take): only callers with a valid token get a body parsed, and
/// authorization still decides afterwards what they may do.
/// </summary>
public sealed class DocumentBodies(RequestDelegate next)
{
    /// <summary>Bodies larger than this are refused (413): Fleet objects are a few kilobytes.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.User.Identity?.IsAuthenticated != true || !request.Path.StartsWithSegments("/api/v1", out var rest) || !HasBody(request))
        {
            await next(context);
            return;
        }
        var isYaml = IsYaml(request.ContentType);
        var target = PutTarget(request.Method, rest.Value);
        if (!isYaml && target is null)
        {
            await next(context);
            return;
        }
        var text = await ReadAsync(request);
        if (text is null)
        {
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Body too large", $"A request body may be at most {MaxBodyBytes} bytes.");
            return;
        }
        JsonNode? body;
        try
        {
            body = isYaml ? FromYaml(text) : JsonNode.Parse(text);
        }
        catch (YamlReadException exception)
        {
            await FieldProblem(context, "body", $"is not valid YAML: line {exception.Line}: {exception.Message}");
            return;
        }
        catch (JsonException)
        {
            // Left to the endpoint, whose binder names what is wrong.
            Replace(request, text, request.ContentType);
            await next(context);
            return;
        }
        if (target is { } put && FleetDocument.IsDocument(body))
        {
            var unwrapped = FleetDocument.Unwrap(body!.AsObject(), put.Collection, put.Name);
            if (unwrapped.Spec is null)
            {
                await FieldProblem(context, unwrapped.Field!, unwrapped.Error!);
                return;
            }
            body = unwrapped.Spec;
        }
        SecretReferences.Outcome? references = null;
        if (target is { } written && body is JsonObject fields && DocumentKinds.OfCollection(written.Collection) is { Secrets.Count: > 0 } kind)
        {
            references = await SecretReferences.ResolveAsync(kind, fields, context.RequestServices.GetRequiredService<IGrainFactory>());
            if (references.Field is not null)
            {
                await FieldProblem(context, references.Field, references.Error!);
                return;
            }
        }
        Replace(request, body?.ToJsonString() ?? "null", "application/json");
        await next(context);
        // A PUT replaces the whole object, so the references it was written with replace the earlier ones, none included.
        if (references is not null && context.Response.StatusCode is >= 200 and < 300)
        {
            await context.RequestServices.GetRequiredService<IGrainFactory>()
                .GetGrain<IDocumentMetadataGrain>($"{target!.Value.Collection}/{target.Value.Name}").SetSecretReferencesAsync(references.References);
        }
    }

    // PUT /api/v1/{collection}/{name}: the one place a document names its object.
    private static (string Collection, string Name)? PutTarget(string method, string? rest)
    {
        if (!HttpMethods.IsPut(method) || rest is null)
        {
            return null;
        }
        var segments = rest.Trim('/').Split('/');
        return segments.Length == 2 && DocumentKinds.OfCollection(segments[0]) is not null && segments[1].Length > 0
            ? (segments[0], Uri.UnescapeDataString(segments[1]))
            : null;
    }

    private static bool HasBody(HttpRequest request) =>
        (HttpMethods.IsPut(request.Method) || HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method))
        && request.ContentLength is not 0;

    private static bool IsYaml(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && YamlTypes.Any(type => parsed.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase));

    // One document only: a stream of several is for `fleet apply`, which sends them one by one.
    private static JsonNode? FromYaml(string text)
    {
        var documents = YamlReader.Read(text).Documents.Where(document => document.Root is not null).ToList();
        return documents.Count switch
        {
            0 => throw new YamlReadException(1, "the body holds no YAML document"),
            1 => documents[0].Root,
            _ => throw new YamlReadException(documents[1].Line, "the body holds more than one YAML document; send one object per request (fleet apply -f does)"),
        };
    }

    private static async Task<string?> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Replace(HttpRequest request, string body, string? contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        request.ContentType = contentType;
    }

    private static Task FieldProblem(HttpContext context, string field, string error) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] }).ExecuteAsync(context);

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
}

/// <summary>Adds <see cref="DocumentBodies"/> to the pipeline.</summary>
public static class DocumentBodiesExtensions
{
    public static IApplicationBuilder UseFleetDocumentBodies(this IApplicationBuilder app) => app.UseMiddleware<DocumentBodies>();
}
