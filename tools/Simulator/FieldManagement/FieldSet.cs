using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>
/// A set of field paths kept as a tree, the in-memory form of <c>fieldsV1</c>. A node is a <em>member</em> when its
/// own path is in the set (a leaf <c>{}</c>, or <c>"."</c> when it also has children); a node that is not a member
/// only exists to hold members below it. Operations are member-wise, as in structured-merge-diff: removing
/// <c>.metadata.labels</c> does not remove <c>.metadata.labels.app</c>.
/// </summary>
internal sealed class FieldSet
{
    private const string Self = ".";

    private readonly SortedDictionary<PathElement, FieldSet> _children = [];

    /// <summary>True when this node's own path is in the set. Never true for the root.</summary>
    public bool IsMember { get; private set; }

    /// <summary>The sub-trees below this node, sorted as <c>fieldsV1</c> writes them.</summary>
    public IReadOnlyDictionary<PathElement, FieldSet> Children => _children;

    /// <summary>True when the set holds no path at all.</summary>
    public bool IsEmpty => !IsMember && _children.Count == 0;

    /// <summary>Adds a path to the set.</summary>
    public void Insert(IReadOnlyList<PathElement> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.GetOrAddChild(element);
        }

        node.IsMember = true;
    }

    /// <summary>True when the path is a member of the set.</summary>
    public bool Contains(IReadOnlyList<PathElement> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node._children.TryGetValue(element, out node))
            {
                return false;
            }
        }

        return node.IsMember;
    }

    /// <summary>Marks this node as a member: its own path is in the set.</summary>
    public void MarkMember() => IsMember = true;

    /// <summary>Attaches a sub-tree under <paramref name="element"/>, merging with what is already there; empty trees are dropped.</summary>
    public void AddChild(PathElement element, FieldSet child)
    {
        if (child.IsEmpty)
        {
            return;
        }

        _children[element] = _children.TryGetValue(element, out var existing) ? existing.Union(child) : child;
    }

    /// <summary>The paths in this set or in <paramref name="other"/>.</summary>
    public FieldSet Union(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember || other.IsMember };
        foreach (var (element, child) in _children)
        {
            result._children[element] = other._children.TryGetValue(element, out var theirs) ? child.Union(theirs) : child.Clone();
        }

        foreach (var (element, child) in other._children)
        {
            result._children.TryAdd(element, child.Clone());
        }

        return result;
    }

    /// <summary>The paths in this set that are not in <paramref name="other"/>.</summary>
    public FieldSet Difference(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember && !other.IsMember };
        foreach (var (element, child) in _children)
        {
            result.AddChild(element, other._children.TryGetValue(element, out var theirs) ? child.Difference(theirs) : child.Clone());
        }

        return result;
    }

    /// <summary>The paths in both this set and <paramref name="other"/>.</summary>
    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember && other.IsMember };
        foreach (var (element, child) in _children)
        {
            if (other._children.TryGetValue(element, out var theirs))
            {
                result.AddChild(element, child.Intersection(theirs));
            }
        }

        return result;
    }

    /// <summary>
    /// This set with every node that has members below it made a member too: the paths that hold something owned.
    /// Pruning uses it so a parent is only removed when nothing under it is still owned.
    /// </summary>
    public FieldSet WithParentsAsMembers(bool isRoot = true)
    {
        var result = new FieldSet { IsMember = !isRoot && (IsMember || _children.Count > 0) };
        foreach (var (element, child) in _children)
        {
            result._children[element] = child.WithParentsAsMembers(isRoot: false);
        }

        return result;
    }

    /// <summary>A copy without the sub-tree at <paramref name="path"/> (its members and everything below).</summary>
    public FieldSet WithoutSubtree(IReadOnlyList<PathElement> path) => WithoutSubtree(path, 0);

    /// <summary>A copy where the node at <paramref name="path"/> is not a member (its children are kept).</summary>
    public FieldSet WithoutMember(IReadOnlyList<PathElement> path)
    {
        var single = new FieldSet();
        single.Insert(path);
        return Difference(single);
    }

    /// <summary>Every member path, parents before children, siblings in <c>fieldsV1</c> order.</summary>
    public IEnumerable<IReadOnlyList<PathElement>> Members()
    {
        var prefix = new List<PathElement>();
        return Walk(this, prefix);

        static IEnumerable<IReadOnlyList<PathElement>> Walk(FieldSet node, List<PathElement> prefix)
        {
            if (node.IsMember)
            {
                yield return prefix.ToArray();
            }

            foreach (var (element, child) in node._children)
            {
                prefix.Add(element);
                foreach (var path in Walk(child, prefix))
                {
                    yield return path;
                }

                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    /// <summary>True when both sets hold exactly the same paths.</summary>
    public bool SetEquals(FieldSet other) =>
        IsMember == other.IsMember
        && _children.Count == other._children.Count
        && _children.All(pair => other._children.TryGetValue(pair.Key, out var theirs) && pair.Value.SetEquals(theirs));

    /// <summary>The <c>fieldsV1</c> wire form: <c>{"f:spec":{"f:replicas":{}}}</c>, with <c>"."</c> first where a parent is owned.</summary>
    public JsonObject ToFieldsV1()
    {
        var json = new JsonObject();
        if (IsMember && _children.Count > 0)
        {
            json[Self] = new JsonObject();
        }

        foreach (var (element, child) in _children)
        {
            json[element.Wire] = child.ToFieldsV1();
        }

        return json;
    }

    /// <summary>Reads the <c>fieldsV1</c> wire form.</summary>
    public static FieldSet FromFieldsV1(JsonObject fieldsV1) => Read(fieldsV1, isRoot: true);

    private static FieldSet Read(JsonObject json, bool isRoot)
    {
        // A leaf `{}` is a member by itself; a node with children is a member only if it says so with ".".
        var node = new FieldSet { IsMember = !isRoot && (json.Count == 0 || json.ContainsKey(Self)) };
        foreach (var (key, value) in json)
        {
            if (key != Self && value is JsonObject child)
            {
                node.AddChild(PathElement.Parse(key), Read(child, isRoot: false));
            }
        }

        return node;
    }

    private FieldSet WithoutSubtree(IReadOnlyList<PathElement> path, int depth)
    {
        if (depth == path.Count)
        {
            return new FieldSet();
        }

        var result = new FieldSet { IsMember = IsMember };
        foreach (var (element, child) in _children)
        {
            result.AddChild(element, element == path[depth] ? child.WithoutSubtree(path, depth + 1) : child.Clone());
        }

        return result;
    }

    private FieldSet GetOrAddChild(PathElement element)
    {
        if (!_children.TryGetValue(element, out var child))
        {
            child = new FieldSet();
            _children[element] = child;
        }

        return child;
    }

    private FieldSet Clone() => Union(new FieldSet());
}
