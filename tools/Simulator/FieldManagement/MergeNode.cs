using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>How the items of a list are merged and tracked (<c>x-kubernetes-list-type</c>).</summary>
public enum ListType
{
    /// <summary>The list is one value: replaced whole and owned as a leaf.</summary>
    Atomic,

    /// <summary>The items are scalars identified by their value.</summary>
    Set,

    /// <summary>The items are objects identified by their key fields.</summary>
    Map,
}

/// <summary>
/// The merge strategy of one place in an object: how a map there is merged (granular or atomic), which fields it
/// declares, and how a list there is merged. Values whose shape the node does not describe fall back to the
/// deduced strategy: maps granular, lists atomic.
/// </summary>
public sealed record MergeNode
{
    /// <summary>The deduced strategy used for custom resources without a schema and for unknown fields.</summary>
    public static MergeNode Deduced { get; } = new();

    /// <summary>The default for built-in types, whose fields are struct fields unless the built-in table says otherwise.</summary>
    public static MergeNode BuiltIn { get; } = new() { IsBuiltIn = true };

    /// <summary>True when a map here is replaced whole and owned as a leaf (<c>x-kubernetes-map-type: atomic</c>).</summary>
    public bool IsAtomicMap { get; init; }

    /// <summary>The declared fields of a struct here, by name.</summary>
    public IReadOnlyDictionary<string, MergeNode> Fields { get; init; } = new Dictionary<string, MergeNode>();

    /// <summary>The strategy of map values whose key is not a declared field (<c>additionalProperties</c>).</summary>
    public MergeNode? Values { get; init; }

    /// <summary>How a list here is merged.</summary>
    public ListType ListType { get; init; }

    /// <summary>The key fields of a map-list (<c>x-kubernetes-list-map-keys</c>).</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>Values taken for key fields an item leaves out, such as <c>protocol: TCP</c> for ports.</summary>
    public IReadOnlyDictionary<string, JsonNode> KeyDefaults { get; init; } = new Dictionary<string, JsonNode>();

    /// <summary>The strategy of the items of a list here.</summary>
    public MergeNode? Items { get; init; }

    /// <summary>
    /// True for nodes of the built-in tables: an undeclared key then behaves as a struct field (only owned as a
    /// leaf), where for custom resources it is a map entry (owned itself, <c>"."</c>, when it holds an object).
    /// </summary>
    public bool IsBuiltIn { get; init; }

    /// <summary>The strategy of field <paramref name="name"/> of a map here.</summary>
    public MergeNode Field(string name) =>
        Fields.TryGetValue(name, out var field) ? field : Values ?? Fallback;

    /// <summary>The strategy of the items of a list here.</summary>
    public MergeNode Item => Items ?? Fallback;

    /// <summary>True when <paramref name="name"/> is a struct field rather than a free-form map key.</summary>
    public bool Declares(string name) => IsBuiltIn || Fields.ContainsKey(name);

    private MergeNode Fallback => IsBuiltIn ? BuiltIn : Deduced;

    /// <summary>A built-in struct with the given non-default fields.</summary>
    internal static MergeNode Struct(params (string Name, MergeNode Node)[] fields) =>
        new() { IsBuiltIn = true, Fields = fields.ToDictionary(f => f.Name, f => f.Node) };

    /// <summary>A built-in map-list keyed by <paramref name="keys"/>.</summary>
    internal static MergeNode MapList(MergeNode? items, params string[] keys) =>
        new() { IsBuiltIn = true, ListType = ListType.Map, Keys = keys, Items = items };

    /// <summary>This node with the given key defaults.</summary>
    internal MergeNode WithKeyDefault(string key, JsonNode value) =>
        this with { KeyDefaults = new Dictionary<string, JsonNode>(KeyDefaults) { [key] = value } };
}
