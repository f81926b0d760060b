using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>What changed between two versions of an object, as sets of field paths.</summary>
/// <param name="Added">Paths present only in the new version (containers included, so they become <c>"."</c> members).</param>
/// <param name="Modified">Leaves present in both with different values.</param>
/// <param name="Removed">Paths present only in the old version.</param>
internal sealed record ObjectComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    /// <summary>The paths a write sets: added or modified.</summary>
    public FieldSet Changed { get; } = Added.Union(Modified);
}

/// <summary>Turns objects into field sets: the fields an object sets, and the fields a write changes.</summary>
internal static class ObjectFields
{
    private enum Shape
    {
        Leaf,
        Map,
        List,
    }

    /// <summary>
    /// The fields <paramref name="value"/> sets: every scalar, atomic list and atomic map as a leaf, every set and
    /// map-list item as a member, and map entries that are not struct fields as members.
    /// </summary>
    public static FieldSet ToFieldSet(JsonNode? value, MergeNode schema)
    {
        var set = new FieldSet();
        Collect(value, schema, set, ObjectScope.Root);
        return set;
    }

    /// <summary>Compares two versions of an object (either may be null: create or delete).</summary>
    public static ObjectComparison Compare(JsonNode? before, JsonNode? after, MergeNode schema)
    {
        var comparison = new ObjectComparison(new FieldSet(), new FieldSet(), new FieldSet());
        Walk(new Slot(before is not null, before), new Slot(after is not null, after), schema, [], comparison, ObjectScope.Root);
        return new ObjectComparison(comparison.Added, comparison.Modified, comparison.Removed);
    }

    private static void Collect(JsonNode? value, MergeNode schema, FieldSet at, ObjectScope scope)
    {
        switch (ShapeOf(value, schema))
        {
            case Shape.Map:
                foreach (var (name, child) in value!.AsObject())
                {
                    if (TrackedFields.IsUntracked(scope, name))
                    {
                        continue;
                    }

                    var node = new FieldSet();
                    Collect(child, schema.Field(name), node, TrackedFields.Enter(scope, name));
                    // Struct fields are implied by their children; free-form map entries and empty or null
                    // values are owned themselves, so that they can be told apart from absent ones.
                    if (child is null or JsonObject { Count: 0 } || !schema.Declares(name))
                    {
                        node.MarkMember();
                    }

                    at.AddChild(PathElement.Field(name), node);
                }

                break;
            case Shape.List:
                foreach (var (element, item, _) in ListItems.Identify(schema, value!.AsArray()))
                {
                    var node = new FieldSet();
                    Collect(item, schema.Item, node, ObjectScope.Nested);
                    node.MarkMember();
                    at.AddChild(element, node);
                }

                break;
            default:
                at.MarkMember();
                break;
        }
    }

    private static void Walk(Slot before, Slot after, MergeNode schema, List<PathElement> path, ObjectComparison result, ObjectScope scope)
    {
        var beforeShape = before.Present ? ShapeOf(before.Value, schema) : Shape.Leaf;
        var afterShape = after.Present ? ShapeOf(after.Value, schema) : Shape.Leaf;

        if (before.Present && after.Present && beforeShape != afterShape)
        {
            // A map became a scalar (or the like): the old contents are gone, the new ones are added.
            result.Modified.Insert(path);
            Walk(before, default, schema, path, result, scope);
            Walk(default, after, schema, path, result, scope);
            return;
        }

        var shape = before.Present ? beforeShape : afterShape;
        // Two empty (or absent) containers compare as leaves, which keeps `{}` and `[]` distinct from absence.
        if (shape == Shape.Leaf || (IsEmptyContainer(before) && IsEmptyContainer(after)))
        {
            CompareLeaf(before, after, path, result);
            return;
        }

        if (shape == Shape.Map)
        {
            WalkMap(before.Value as JsonObject, after.Value as JsonObject, schema, path, result, scope);
        }
        else
        {
            WalkList(before.Value as JsonArray, after.Value as JsonArray, schema, path, result);
        }

        if (path.Count > 0)
        {
            if (!before.Present)
            {
                result.Added.Insert(path);
            }
            else if (!after.Present)
            {
                result.Removed.Insert(path);
            }
        }
    }

    private static void WalkMap(JsonObject? before, JsonObject? after, MergeNode schema, List<PathElement> path, ObjectComparison result, ObjectScope scope)
    {
        var names = (before?.Select(p => p.Key) ?? []).Concat(after?.Select(p => p.Key) ?? []).Distinct();
        foreach (var name in names.ToList())
        {
            if (TrackedFields.IsUntracked(scope, name))
            {
                continue;
            }

            path.Add(PathElement.Field(name));
            Walk(Slot.Of(before, name), Slot.Of(after, name), schema.Field(name), path, result, TrackedFields.Enter(scope, name));
            path.RemoveAt(path.Count - 1);
        }
    }

    private static void WalkList(JsonArray? before, JsonArray? after, MergeNode schema, List<PathElement> path, ObjectComparison result)
    {
        var beforeItems = ListItems.Identify(schema, before).ToDictionary(i => i.Element, i => i.Item);
        var afterItems = ListItems.Identify(schema, after).ToDictionary(i => i.Element, i => i.Item);
        foreach (var element in beforeItems.Keys.Concat(afterItems.Keys).Distinct().ToList())
        {
            path.Add(element);
            var old = beforeItems.TryGetValue(element, out var o) ? new Slot(true, o) : default;
            var @new = afterItems.TryGetValue(element, out var n) ? new Slot(true, n) : default;
            Walk(old, @new, schema.Item, path, result, ObjectScope.Nested);
            path.RemoveAt(path.Count - 1);
        }
    }

    private static void CompareLeaf(Slot before, Slot after, List<PathElement> path, ObjectComparison result)
    {
        if (!before.Present && !after.Present)
        {
            return;
        }

        if (!before.Present)
        {
            result.Added.Insert(path);
        }
        else if (!after.Present)
        {
            result.Removed.Insert(path);
        }
        else if (!JsonNode.DeepEquals(before.Value, after.Value))
        {
            result.Modified.Insert(path);
        }
    }

    private static Shape ShapeOf(JsonNode? value, MergeNode schema) => value switch
    {
        JsonObject when !schema.IsAtomicMap => Shape.Map,
        JsonArray when schema.ListType != ListType.Atomic => Shape.List,
        _ => Shape.Leaf,
    };

    private static bool IsEmptyContainer(Slot slot) =>
        !slot.Present || slot.Value is JsonObject { Count: 0 } or JsonArray { Count: 0 };

    /// <summary>A field's value, telling "absent" apart from "present and null".</summary>
    private readonly record struct Slot(bool Present, JsonNode? Value)
    {
        public static Slot Of(JsonObject? map, string name) =>
            map is not null && map.TryGetPropertyValue(name, out var value) ? new Slot(true, value) : default;
    }
}
