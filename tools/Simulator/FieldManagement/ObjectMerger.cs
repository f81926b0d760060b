using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>Merges an applied configuration into a live object, and removes fields from an object.</summary>
internal static class ObjectMerger
{
    /// <summary>
    /// The result of applying <paramref name="applied"/> onto <paramref name="live"/>: granular maps merge key by
    /// key, map-lists item by item (new items appended, with defaulted keys written), sets by value; atomic values
    /// and scalars are replaced. A <c>null</c> in the configuration removes the field. Neither input is changed.
    /// </summary>
    public static JsonNode? Merge(JsonNode? live, JsonNode? applied, MergeNode schema) => applied switch
    {
        JsonObject config when !schema.IsAtomicMap => MergeMap(live as JsonObject, config, schema),
        JsonArray config when schema.ListType != ListType.Atomic => MergeList(live as JsonArray, config, schema),
        _ => applied?.DeepClone(),
    };

    /// <summary>Removes from <paramref name="value"/>, in place, every member of <paramref name="toRemove"/> with all it holds.</summary>
    public static void Remove(JsonNode? value, FieldSet toRemove, MergeNode schema) =>
        Remove(value, toRemove, schema, protectedFields: []);

    private static JsonObject MergeMap(JsonObject? live, JsonObject config, MergeNode schema)
    {
        var result = live?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in config)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            // Assigning an existing key replaces the value in place, so the live field order is kept.
            result[name] = Merge(result[name], value, schema.Field(name));
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? live, JsonArray config, MergeNode schema)
    {
        var result = live?.DeepClone().AsArray() ?? [];
        var positions = ListItems.Identify(schema, result).ToDictionary(i => i.Element, i => i.Index);
        for (var i = 0; i < config.Count; i++)
        {
            var item = config[i];
            var element = ListItems.ElementOf(schema, item, i);
            if (positions.TryGetValue(element, out var position))
            {
                result[position] = MergeItem(result[position], item, schema);
            }
            else
            {
                positions[element] = result.Count;
                result.Add(MergeItem(null, item, schema));
            }
        }

        return result;
    }

    private static JsonNode? MergeItem(JsonNode? live, JsonNode? applied, MergeNode list)
    {
        var merged = Merge(live, applied, list.Item);
        if (list.ListType == ListType.Map && merged is JsonObject item)
        {
            ListItems.AddKeyDefaults(list, item);
        }

        return merged;
    }

    private static void Remove(JsonNode? value, FieldSet toRemove, MergeNode schema, IReadOnlyList<string> protectedFields)
    {
        if (value is JsonObject map && !schema.IsAtomicMap)
        {
            foreach (var (element, child) in toRemove.Children)
            {
                if (element.Kind != PathElementKind.Field || !map.TryGetPropertyValue(element.FieldName, out var field))
                {
                    continue;
                }

                // The key fields of a list item that stays are never removed: the item would lose its identity.
                if (child.IsMember && !protectedFields.Contains(element.FieldName))
                {
                    map.Remove(element.FieldName);
                }
                else
                {
                    Remove(field, child, schema.Field(element.FieldName), protectedFields: []);
                }
            }
        }
        else if (value is JsonArray list && schema.ListType != ListType.Atomic)
        {
            var items = ListItems.Identify(schema, list);
            for (var i = items.Count - 1; i >= 0; i--)
            {
                var (element, item, index) = items[i];
                if (!toRemove.Children.TryGetValue(element, out var child))
                {
                    continue;
                }

                if (child.IsMember)
                {
                    list.RemoveAt(index);
                }
                else
                {
                    Remove(item, child, schema.Item, schema.ListType == ListType.Map ? schema.Keys : []);
                }
            }
        }
    }
}
