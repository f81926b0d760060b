using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Fleet.Kubernetes.Yaml;
using Fleet.Simulator.Protobuf;

namespace Fleet.Simulator.Http;

/// <summary>Reads a request body as JSON, accepting YAML where the content type allows it.</summary>
public static class BodyReader
{
    public static async Task<JsonNode> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
        if (mediaType.Equals("application/vnd.kubernetes.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            return ProtoDecoder.DecodeObject(buffer.ToArray());
        }
        if (mediaType.Contains("protobuf", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("cbor", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiError.UnsupportedMediaType(mediaType);
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ApiError.BadRequest("the request body is empty");
        }
        var contentType = request.ContentType ?? "";
        var trimmed = text.TrimStart();
        if (contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith('{') && !trimmed.StartsWith('['))
        {
            return FromYaml(text) ?? throw ApiError.BadRequest("the request body is empty");
        }
        try
        {
            return JsonNode.Parse(text) ?? throw ApiError.BadRequest("the request body is null");
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadAsync(request, cancellationToken) as JsonObject
        ?? throw ApiError.BadRequest("the request body must be a JSON object");

    // Only the first document counts, as for the API server; its message carries the line like the server's YAML decoder.
    private static JsonNode? FromYaml(string text)
    {
        try
        {
            return YamlReader.Read(text).Documents.FirstOrDefault()?.Root;
        }
        catch (YamlReadException e)
        {
            throw ApiError.BadRequest($"error converting YAML to JSON: yaml: line {e.Line}: {e.Message}");
        }
    }
}
