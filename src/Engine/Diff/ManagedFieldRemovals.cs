using System.Text.Json.Nodes;
using System.Text.Json;

namespace Fleet.Engine.Diff;

/// <summary>
/// Finds fields Fleet applied before (its Apply entry in <c>metadata.managedFields</c>) that Git no longer declares
/// but the cluster still has: server-side apply would remove them, so they are differences.
/// </summary>
/// <remarks>
/// fieldsV1 names each owned field as <c>f:name</c>, keyed list items as <c>k:{"name":"web"}</c>, set items as
/// <c>v:"value"</c> and positional items as <c>i:0</c>; <c>"."</c> marks a node that is owned itself.
/// </remarks>
internal static class ManagedFieldRemovals
{
    public static void Find(JsonObject desired, JsonObject live, string fieldManager, bool isSecret,
        List<FieldDifference> differences)
    {
        if (OwnedFields(live, fieldManager) is not { } owned)
        {
            return;
        }

        var removals = new List<FieldDifference>();
        Walk(owned, desired, live, DiffPath.Root, isSecret, removals);

        // A field already reported (say a whole list that differs) is not reported again for its parts.
        removals.RemoveAll(removal => differences.Any(existing => DiffPath.IsWithin(removal.Path, existing.Path)));
        differences.AddRange(removals);
    }

    private static JsonObject? OwnedFields(JsonObject live, string fieldManager) =>
        (live["metadata"]?["managedFields"] as JsonArray)?
            .OfType<JsonObject>()
            .Where(entry => Text(entry["manager"]) == fieldManager
                && Text(entry["operation"]) == "Apply"
                && string.IsNullOrEmpty(Text(entry["subresource"])))
            .Select(entry => entry["fieldsV1"] as JsonObject)
            .FirstOrDefault(fields => fields is not null);

    private static void Walk(JsonObject owned, JsonNode? desired, JsonNode? live, string path, bool isSecret,
        List<FieldDifference> removals)
    {
        foreach (var (entry, children) in owned)
        {
            if (entry.StartsWith("f:", StringComparison.Ordinal))
            {
                var name = entry[2..];
                if (ManifestNormalizer.IsNeverDrift(path, name))
                {
                    continue;
                }

                // The server stores a Secret's stringData as data; normalized desired has it there too.
                if (isSecret && path == DiffPath.Root && name == "stringData")
                {
                    name = "data";
                }

                Visit(children, (desired as JsonObject)?[name], (live as JsonObject)?[name], new NodePath(path, name),
                    isSecret, removals);
            }
            else if (entry.StartsWith("k:", StringComparison.Ordinal) && Parse(entry[2..]) is JsonObject key)
            {
                var keys = key.Select(pair => pair.Key).ToArray();
                Visit(children, ListKeys.Find(desired as JsonArray, keys, key), ListKeys.Find(live as JsonArray, keys, key),
                    NodePath.At(DiffPath.Item(path, ListKeys.Selector(key))), isSecret, removals);
            }
            else if (entry.StartsWith("v:", StringComparison.Ordinal) && Parse(entry[2..]) is { } value)
            {
                Visit(children, FindValue(desired as JsonArray, value), FindValue(live as JsonArray, value),
                    NodePath.At(DiffPath.Item(path, $"[={ScalarEquality.Text(value)}]")), isSecret, removals);
            }
            else if (entry.StartsWith("i:", StringComparison.Ordinal) && int.TryParse(entry[2..], out var index))
            {
                Visit(children, ItemAt(desired as JsonArray, index), ItemAt(live as JsonArray, index),
                    NodePath.At(DiffPath.Item(path, $"[{index}]")), isSecret, removals);
            }
        }
    }

    private static void Visit(JsonNode? children, JsonNode? desired, JsonNode? live, NodePath at, bool isSecret,
        List<FieldDifference> removals)
    {
        if (live is null)
        {
            // Nothing in the cluster to remove.
            return;
        }

        if (desired is null)
        {
            removals.Add(new FieldDifference(at.Value, null, live.ToJsonString()));
            return;
        }

        // A leaf ({} or {".":{}}) owns no fields beneath it.
        if (children is JsonObject { Count: > 0 } grandchildren && !(grandchildren.Count == 1 && grandchildren.ContainsKey(".")))
        {
            Walk(grandchildren, desired, live, at.Value, isSecret, removals);
        }
    }


    private static JsonNode? FindValue(JsonArray? items, JsonNode value) =>
        items?.FirstOrDefault(item => item is not null && JsonNode.DeepEquals(item, value));

    private static JsonNode? ItemAt(JsonArray? items, int index) =>
        items is not null && index >= 0 && index < items.Count ? items[index] : null;

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            // A malformed entry cannot name a field; skipping it only means one removal may go unnoticed.
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
