using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>
/// Reads merge strategies from a CRD version's <c>openAPIV3Schema</c>: <c>properties</c>, <c>items</c>,
/// <c>additionalProperties</c> and the <c>x-kubernetes-list-type</c>, <c>x-kubernetes-list-map-keys</c> and
/// <c>x-kubernetes-map-type</c> extensions. Lists without a list type are atomic, as the API server treats them.
/// </summary>
internal static class CustomResourceMergeSchema
{
    /// <summary>The top-level strategy; metadata always follows ObjectMeta, whatever the CRD says about it.</summary>
    public static MergeNode From(JsonObject? schema)
    {
        var root = Node(schema);
        var fields = new Dictionary<string, MergeNode>(root.Fields) { ["metadata"] = BuiltInMergeSchemas.ObjectMeta };
        return root with { Fields = fields };
    }

    private static MergeNode Node(JsonObject? schema)
    {
        if (schema is null)
        {
            return MergeNode.Deduced;
        }

        var fields = new Dictionary<string, MergeNode>();
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                fields[name] = Node(property as JsonObject);
            }
        }

        var items = schema["items"] as JsonObject;
        IReadOnlyList<string> keys = schema["x-kubernetes-list-map-keys"] is JsonArray keyArray
            ? [.. keyArray.Select(k => k?.GetValue<string>()).OfType<string>()]
            : [];
        return new MergeNode
        {
            Fields = fields,
            // additionalProperties may be a schema or `true`; both mean free-form map entries.
            Values = schema["additionalProperties"] is JsonObject values ? Node(values) : null,
            IsAtomicMap = Text(schema, "x-kubernetes-map-type") == "atomic",
            ListType = Text(schema, "x-kubernetes-list-type") switch
            {
                "set" => ListType.Set,
                "map" => ListType.Map,
                _ => ListType.Atomic,
            },
            Keys = keys,
            KeyDefaults = KeyDefaults(items, keys),
            Items = items is null ? null : Node(items),
        };
    }

    // A key field with a schema default is taken with that default when an item leaves it out.
    private static Dictionary<string, JsonNode> KeyDefaults(JsonObject? items, IReadOnlyList<string> keys)
    {
        var defaults = new Dictionary<string, JsonNode>();
        foreach (var key in keys)
        {
            if (items?["properties"]?[key]?["default"] is JsonNode value)
            {
                defaults[key] = value.DeepClone();
            }
        }

        return defaults;
    }

    private static string? Text(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
