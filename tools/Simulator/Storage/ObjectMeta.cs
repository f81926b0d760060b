using System.Globalization;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.Storage;

/// <summary>Reads and writes <c>metadata</c> fields of an object held as JSON.</summary>
public static class ObjectMeta
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static JsonNode? Get(JsonObject obj, string field) => (obj["metadata"] as JsonObject)?[field];

    public static string? GetString(JsonObject obj, string field) =>
        Get(obj, field) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static string? Name(JsonObject obj) => GetString(obj, "name");

    public static string? Namespace(JsonObject obj) => GetString(obj, "namespace");

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj)
    {
        if (Get(obj, "labels") is not JsonObject labels || labels.Count == 0)
        {
            return NoLabels;
        }
        var result = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                result[key] = text;
            }
        }
        return result;
    }

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        Get(obj, "finalizers") is JsonArray list ? [.. list.Select(f => f?.GetValue<string>() ?? "")] : [];

    public static long Generation(JsonObject obj) =>
        Get(obj, "generation") is JsonValue v && v.TryGetValue<long>(out var g) ? g : 0;

    /// <summary>RFC 3339 at second precision in UTC, the form the API server writes.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
