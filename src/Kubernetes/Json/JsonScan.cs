using System.Text.Json.Nodes;
using System.Text.Json;

namespace Fleet.Kubernetes.Json;

/// <summary>
/// Reads single values out of JSON text without building a document: a watch event is some 3 KB of JSON of which a
/// watch needs two strings (the resourceVersion, an application label) before handing the text on.
/// </summary>
public static class JsonScan
{
    /// <summary>The string at <paramref name="path"/> (property names from the root object); null when absent or not a string.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static string? String(ReadOnlySpan<byte> json, params ReadOnlySpan<string> path)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            return null;
        }
        foreach (var name in path)
        {
            if (reader.TokenType != JsonTokenType.StartObject || !MoveToProperty(ref reader, name))
            {
                return null;
            }
        }
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    /// <summary>From the start of an object, moves the reader onto the value of its property <paramref name="name"/>.</summary>
    private static bool MoveToProperty(ref Utf8JsonReader reader, string name)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            var found = reader.ValueTextEquals(name);
            reader.Read();
            if (found)
            {
                return true;
            }
            reader.Skip();
        }
        return false;
    }

    /// <summary>The string at <paramref name="path"/> of an object already parsed; null when absent or not a string.</summary>
    public static string? String(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            node = (node as JsonObject)?[key];
        }
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
