using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.Admission;

/// <summary>Small readers and writers over <see cref="JsonObject"/> that tolerate missing or mistyped fields.</summary>
internal static class Json
{
    public static JsonObject? Object(JsonNode? node, string name) => (node as JsonObject)?[name] as JsonObject;

    public static JsonArray? Array(JsonNode? node, string name) => (node as JsonObject)?[name] as JsonArray;

    public static string? String(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? Integer(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long l) ? l
        : (node as JsonObject)?[name] is JsonValue d && d.GetValueKind() == JsonValueKind.Number ? (long)d.GetValue<double>()
        : null;

    public static bool? Boolean(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>The child object, created (or replacing a non-object) when absent.</summary>
    public static JsonObject Ensure(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    /// <summary>Sets a field only when the client left it out (null counts as left out, as in Go's omitempty pointers).</summary>
    public static void Default(JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }

    /// <summary>Sets a string field when it is absent or empty, as Go defaulters do for string enums.</summary>
    public static void DefaultString(JsonObject obj, string name, string value)
    {
        if (String(obj, name) is null or "")
        {
            obj[name] = value;
        }
    }

    public static IEnumerable<JsonObject> Objects(JsonArray? array) => array?.OfType<JsonObject>() ?? [];

    /// <summary>JSON text with object keys sorted, so equal values hash equally whatever their key order.</summary>
    public static string Canonical(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteCanonical(writer, node);
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
