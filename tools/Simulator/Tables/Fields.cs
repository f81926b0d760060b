using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;

namespace Fleet.Simulator.Tables;

/// <summary>Null-tolerant reads of nested fields in a stored object, in the shapes table cells need.</summary>
internal static class Fields
{
    public const string None = "<none>";

    public static JsonNode? Get(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject obj ? obj[name] : null;
        }

        return node;
    }

    public static string? String(JsonNode? node, params string[] path) =>
        Get(node, path) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Long(JsonNode? node, params string[] path) => AsLong(Get(node, path));

    public static long? AsLong(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? (long)number
            : null;

    public static double? AsDouble(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    public static bool? Bool(JsonNode? node, params string[] path) => Get(node, path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        _ => null,
    };

    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path) =>
        Get(node, path) is JsonArray array ? array.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(JsonNode? node, params string[] path) =>
        Get(node, path) is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())
            : [];

    public static int Count(JsonNode? node, params string[] path) => Get(node, path) switch
    {
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        _ => 0,
    };

    /// <summary>The text of a scalar (numbers and booleans as JSON writes them), or JSON for objects and arrays.</summary>
    public static string Text(JsonNode node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node.ToJsonString();

    /// <summary><c>k=v,k2=v2</c> sorted by key, as labels.FormatLabels prints a map; <c>&lt;none&gt;</c> when empty.</summary>
    public static string LabelMap(JsonNode? node)
    {
        if (node is not JsonObject map || map.Count == 0)
        {
            return None;
        }

        return string.Join(',', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={(p.Value is null ? "" : Text(p.Value))}"));
    }

    /// <summary>A LabelSelector (matchLabels and matchExpressions) as selector text, sorted by key; <c>&lt;none&gt;</c> when empty.</summary>
    public static string LabelSelector(JsonNode? selector) =>
        selector is JsonObject structured && Kubernetes.Selectors.LabelSelector.FromJson(structured) is { IsEmpty: false } parsed
            ? parsed.ToString()
            : None;

    /// <summary>Comma-joined values, or <c>&lt;none&gt;</c> when there are none.</summary>
    public static string JoinOrNone(IEnumerable<string> values)
    {
        var text = string.Join(',', values);
        return text.Length == 0 ? None : text;
    }
}
