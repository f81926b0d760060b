using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;

namespace Fleet.Engine.Health;

/// <summary>A condition from <c>status.conditions</c>.</summary>
internal sealed record StatusCondition(string Type, string Status, string? Reason, string? Message)
{
    public bool IsTrue => Status == "True";

    public bool IsFalse => Status == "False";
}

/// <summary>Tolerant reads of a live object's fields: a missing or mistyped field reads as absent, never throws.</summary>
internal sealed class LiveObject(JsonObject root)
{
    public string Kind => String("kind") ?? "";

    /// <summary>The API group: <c>apps</c> for <c>apps/v1</c>, empty for the core group (<c>v1</c>).</summary>
    public string Group => String("apiVersion") is { } apiVersion && apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";

    public string Name => String("metadata", "name") ?? "";

    public JsonNode? Node(params string[] path)
    {
        JsonNode? node = root;
        foreach (var field in path)
        {
            node = (node as JsonObject)?[field];
        }

        return node;
    }

    public string? String(params string[] path) =>
        Node(path) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public long? Number(params string[] path) =>
        Node(path) is JsonValue value && long.TryParse(value.ToJsonString().Trim('"'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    public bool Flag(params string[] path) => Node(path) is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public IEnumerable<JsonObject> Items(params string[] path) => (Node(path) as JsonArray)?.OfType<JsonObject>() ?? [];

    public StatusCondition? Condition(string type) =>
        Items("status", "conditions")
            .Select(c => new LiveObject(c))
            .Where(c => c.String("type") == type)
            .Select(c => new StatusCondition(type, c.String("status") ?? "Unknown", c.String("reason"), c.String("message")))
            .FirstOrDefault();

    /// <summary>
    /// True when the controller has not yet seen the latest spec: <c>status.observedGeneration</c> is behind
    /// <c>metadata.generation</c>.
    /// </summary>
    public bool IsGenerationUnobserved(out long generation, out long observed)
    {
        generation = Number("metadata", "generation") ?? 0;
        observed = Number("status", "observedGeneration") ?? 0;
        return generation > observed;
    }
}
