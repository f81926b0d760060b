using System.Text.Json.Nodes;

namespace Fleet.Simulator.Discovery;

/// <summary>Small builders for the JSON arrays the discovery and OpenAPI documents are made of.</summary>
internal static class Json
{
    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    public static JsonArray Array(IEnumerable<JsonNode> nodes) => [.. nodes];
}
