using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.Admission;

/// <summary>Small readers and writers over <see cref="JsonObject"/> that tolerate missing or mistyped fields.</summary>
internal static class Json
{
    public static JsonObject? Object(JsonNode? node, string name) => (node as JsonObject)?[name] as JsonObject;

    public static JsonArray? Array(JsonNode? node, string name) => (node as JsonObject)?[name] as JsonArray;

    /// <summary>The node's text when it is a JSON string, else null (never throws on other kinds).</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static string? String(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>An integral number field; fractional numbers are truncated, anything else is null.</summary>
    public static long? Integer(JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && Number(v) is { } d ? (long)d : null;

    /// <summary>
    /// The numeric value of a JSON number, whether it was parsed (a JsonElement) or built from any CLR number type
    /// (TryGetValue only converts to the exact type a value was created with).
    /// </summary>
    public static double? Number(JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        if (value.TryGetValue(out long l))
        {
            return l;
        }
        if (value.TryGetValue(out int i))
        {
            return i;
        }
        if (value.TryGetValue(out double d))
        {
            return d;
        }
        return double.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }

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
