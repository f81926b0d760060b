using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>How the items of granular lists (sets and map-lists) are identified.</summary>
internal static class ListItems
{
    /// <summary>
    /// The path element of an item: <c>k:{…}</c> of its key fields (a missing key takes its default) for map-lists,
    /// <c>v:…</c> for sets; <c>i:n</c> for a map-list item that carries none of its keys.
    /// </summary>
    public static PathElement ElementOf(MergeNode list, JsonNode? item, int index)
    {
        if (list.ListType == ListType.Set)
        {
            return PathElement.Value(item);
        }

        if (item is not JsonObject fields)
        {
            return PathElement.Index(index);
        }

        var key = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var name in list.Keys)
        {
            if (fields.TryGetPropertyValue(name, out var value))
            {
                key.Add(new(name, value));
            }
            else if (list.KeyDefaults.TryGetValue(name, out var fallback))
            {
                key.Add(new(name, fallback));
            }
        }

        return key.Count == 0 ? PathElement.Index(index) : PathElement.Key(key);
    }

    /// <summary>The items of a list by path element, in list order; when two items share an element the first wins.</summary>
    public static List<(PathElement Element, JsonNode? Item, int Index)> Identify(MergeNode list, JsonArray? items)
    {
        var seen = new HashSet<PathElement>();
        var result = new List<(PathElement, JsonNode?, int)>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var element = ElementOf(list, items![i], i);
            if (seen.Add(element))
            {
                result.Add((element, items[i], i));
            }
        }

        return result;
    }

    /// <summary>Writes the default of every key field <paramref name="item"/> leaves out (<c>protocol: TCP</c>).</summary>
    public static void AddKeyDefaults(MergeNode list, JsonObject item)
    {
        foreach (var name in list.Keys)
        {
            if (!item.ContainsKey(name) && list.KeyDefaults.TryGetValue(name, out var fallback))
            {
                item[name] = fallback.DeepClone();
            }
        }
    }
}
