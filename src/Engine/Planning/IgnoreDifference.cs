using System.Text.Json.Nodes;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Planning;

/// <summary>
/// Fields of some objects an application leaves to the cluster (an autoscaler's <c>/spec/replicas</c>, a field a
/// webhook fills in): Fleet neither applies, compares nor reverts them.
/// </summary>
public sealed record IgnoreDifference
{
    /// <summary>The API group of the kind ("" for the core group).</summary>
    public string Group { get; init; } = "";

    public required string Kind { get; init; }

    /// <summary>Only the object of this name; all of the kind when null.</summary>
    public string? Name { get; init; }

    /// <summary>Only objects in this namespace; every namespace when null.</summary>
    public string? Namespace { get; init; }

    /// <summary>RFC 6901 JSON pointers of the fields to leave alone, such as <c>/spec/replicas</c>.</summary>
    public IReadOnlyList<string> JsonPointers { get; init; } = [];

    /// <summary>True when the rule covers <paramref name="reference"/>.</summary>
    public bool Covers(ObjectRef reference) =>
        reference.Kind == Kind && GroupOf(reference.ApiVersion) == Group
        && (Name is null || Name == reference.Name) && (Namespace is null || Namespace == reference.Namespace);

    /// <summary>Removes, from a desired object, the fields every rule covering it names.</summary>
    public static void Apply(JsonObject desired, ObjectRef reference, IReadOnlyList<IgnoreDifference> rules)
    {
        foreach (var pointer in rules.Where(r => r.Covers(reference)).SelectMany(r => r.JsonPointers))
        {
            Remove(desired, pointer);
        }
    }

    /// <summary>True when two lists of rules say the same (records compare lists by reference).</summary>
    public static bool SameRules(IReadOnlyList<IgnoreDifference> a, IReadOnlyList<IgnoreDifference> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First with { JsonPointers = [] } == p.Second with { JsonPointers = [] }
            && p.First.JsonPointers.SequenceEqual(p.Second.JsonPointers));

    /// <summary>Why <paramref name="pointer"/> is not a JSON pointer Fleet can follow, or null.</summary>
    public static string? PointerProblem(string pointer) =>
        pointer.Length < 2 || pointer[0] != '/' ? "must be a JSON pointer such as /spec/replicas"
        : pointer.StartsWith("/metadata/name", StringComparison.Ordinal) || pointer.StartsWith("/metadata/namespace", StringComparison.Ordinal)
            || pointer is "/apiVersion" or "/kind" ? "names a field that identifies the object; it cannot be ignored"
        : null;

    private static string GroupOf(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";

    private static void Remove(JsonObject root, string pointer)
    {
        var tokens = pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
        JsonNode? node = root;
        foreach (var token in tokens[..^1])
        {
            node = node switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return;
            }
        }
        var last = tokens[^1];
        switch (node)
        {
            case JsonObject parent:
                parent.Remove(last);
                break;
            case JsonArray list when int.TryParse(last, out var at) && at >= 0 && at < list.Count:
                list.RemoveAt(at);
                break;
        }
    }
}
