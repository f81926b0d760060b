using System.Text.Json.Nodes;

namespace Fleet.Engine.Diff;

/// <summary>
/// Walks a desired object and checks that every field it declares has an equal value in the live object. Fields only
/// the live object has (server defaults, status, other managers' fields) are not looked at, nor those the desired
/// object declares that are never drift (<see cref="ManifestNormalizer.IsNeverDrift"/>). A Secret comes normalized
/// (its stringData as data).
/// </summary>
internal static class SubsetComparer
{
    /// <summary>Fields whose values (and everything beneath) are resource quantities.</summary>
    private static readonly HashSet<string> QuantityFields = new(StringComparer.Ordinal)
    {
        "resources", "limits", "requests", "capacity", "storage", "hard",
    };

    public static void Compare(JsonObject desired, JsonObject live, List<FieldDifference> differences) =>
        CompareObjects(desired, live, DiffPath.Root, isQuantity: false, differences);

    private static void CompareNodes(JsonNode? desired, JsonNode? live, NodePath at, bool isQuantity,
        List<FieldDifference> differences)
    {
        // Git leaving a field null declares nothing about it.
        if (desired is null)
        {
            return;
        }

        // {} and [] in Git mean the same as leaving the field out when the cluster has nothing there either.
        if (DeclaresNothing(desired, at) && (live is null || IsEmptyContainer(live)))
        {
            return;
        }

        if (live is null)
        {
            differences.Add(new FieldDifference(at.Value, desired.ToJsonString(), null));
            return;
        }

        switch (desired, live)
        {
            case (JsonObject desiredObject, JsonObject liveObject):
                CompareObjects(desiredObject, liveObject, at.Value, isQuantity, differences);
                break;
            case (JsonArray desiredItems, JsonArray liveItems):
                CompareLists(desiredItems, liveItems, at.Value, at.Field, isQuantity, differences);
                break;
            case (JsonValue, JsonValue) when ScalarEquality.AreEqual(desired, live, isQuantity):
                break;
            default:
                differences.Add(new FieldDifference(at.Value, desired.ToJsonString(), live.ToJsonString()));
                break;
        }
    }

    private static void CompareObjects(JsonObject desired, JsonObject live, string path, bool isQuantity,
        List<FieldDifference> differences)
    {
        foreach (var (name, desiredValue) in desired)
        {
            if (ManifestNormalizer.IsNeverDrift(path, name))
            {
                continue;
            }
            CompareNodes(desiredValue, live[name], new NodePath(path, name), isQuantity || QuantityFields.Contains(name),
                differences);
        }
    }

    private static void CompareLists(JsonArray desired, JsonArray live, string path, string? fieldName, bool isQuantity,
        List<FieldDifference> differences)
    {
        var keys = ListKeys.For(fieldName, desired);
        if (keys is null)
        {
            CompareWholeLists(desired, live, path, isQuantity, differences);
            return;
        }

        // Keyed lists merge: the items Git declares must be in the cluster; others (added by other managers) may be too.
        foreach (var desiredItem in desired.OfType<JsonObject>())
        {
            var itemPath = DiffPath.Item(path, ListKeys.Selector(keys, desiredItem));
            var liveItem = ListKeys.Find(live, keys, desiredItem);
            if (liveItem is null)
            {
                differences.Add(new FieldDifference(itemPath, desiredItem.ToJsonString(), null));
            }
            else
            {
                CompareObjects(desiredItem, liveItem, itemPath, isQuantity, differences);
            }
        }
    }

    private static void CompareWholeLists(JsonArray desired, JsonArray live, string path, bool isQuantity,
        List<FieldDifference> differences)
    {
        // Positional lists are replaced as a whole by server-side apply, so one difference covers the list; each item
        // still gets the normalization (and subset rule for objects, which servers default fields into).
        var equal = desired.Count == live.Count;
        for (var i = 0; equal && i < desired.Count; i++)
        {
            var itemDifferences = new List<FieldDifference>();
            CompareNodes(desired[i], live[i], NodePath.At(path), isQuantity, itemDifferences);
            equal = itemDifferences.Count == 0 && (desired[i] is not null || live[i] is null);
        }

        if (!equal)
        {
            differences.Add(new FieldDifference(path, desired.ToJsonString(), live.ToJsonString()));
        }
    }

    // So does an object that declares only what is never drift (annotations holding kubectl's last-applied one alone).
    private static bool DeclaresNothing(JsonNode desired, NodePath at) => desired switch
    {
        JsonArray items => items.Count == 0,
        JsonObject fields => fields.Count == 0
            || (at.Parent is DiffPath.Root or ".metadata" && fields.All(field => ManifestNormalizer.IsNeverDrift(at.Value, field.Key))),
        _ => false,
    };

    private static bool IsEmptyContainer(JsonNode node) => node is JsonObject { Count: 0 } or JsonArray { Count: 0 };
}
