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

    /// <summary>
    /// Field managers (as the live object's <c>metadata.managedFields</c> names them, such as
    /// <c>horizontal-pod-autoscaler</c>) whose fields Fleet leaves alone: whatever they own is neither compared nor
    /// applied, so Fleet neither reports it as drift nor takes it back.
    /// </summary>
    public IReadOnlyList<string> ManagedFieldsManagers { get; init; } = [];

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
        a.Count == b.Count && a.Zip(b).All(p => p.First with { JsonPointers = [], ManagedFieldsManagers = [] } == p.Second with { JsonPointers = [], ManagedFieldsManagers = [] }
            && p.First.JsonPointers.SequenceEqual(p.Second.JsonPointers) && p.First.ManagedFieldsManagers.SequenceEqual(p.Second.ManagedFieldsManagers));

    /// <summary>
    /// The desired object without the fields that the rules' field managers own in <paramref name="live"/> (per its
    /// <c>metadata.managedFields</c>) and <paramref name="fieldManager"/> (Fleet) does not: the same instance when
    /// there are none. A field Fleet owns as well has the value both wrote, so it stays.
    /// </summary>
    public static JsonObject WithoutManagedFields(JsonObject desired, JsonObject? live, ObjectRef reference, IReadOnlyList<IgnoreDifference> rules, string fieldManager)
    {
        var managers = rules.Where(r => r.ManagedFieldsManagers.Count > 0 && r.Covers(reference)).SelectMany(r => r.ManagedFieldsManagers).ToHashSet(StringComparer.Ordinal);
        if (managers.Count == 0 || live?["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return desired;
        }
        var owned = entries.OfType<JsonObject>().Where(e => managers.Contains(Text(e["manager"]) ?? "")).Select(e => e["fieldsV1"]).OfType<JsonObject>().ToList();
        if (owned.Count == 0)
        {
            return desired;
        }
        var fleet = entries.OfType<JsonObject>().Where(e => Text(e["manager"]) == fieldManager).Select(e => e["fieldsV1"]).OfType<JsonObject>().ToList();
        var stripped = desired.DeepClone().AsObject();
        foreach (var fields in owned)
        {
            Strip(stripped, fields, fleet);
        }
        return JsonNode.DeepEquals(stripped, desired) ? desired : stripped;
    }

    /// <summary>Why a field manager's name cannot be matched against managedFields, or null.</summary>
    public static string? ManagerProblem(string manager) =>
        string.IsNullOrWhiteSpace(manager) ? "must name a field manager, such as horizontal-pod-autoscaler"
        : manager.Length > 128 ? "is longer than 128 characters, the longest field manager name the API server accepts"
        : manager.Any(char.IsControl) ? "must not contain control characters"
        : null;

    // Walks a fieldsV1 tree ("f:name" for a field, "k:{...}" for a keyed list item) and removes from the target every
    // leaf the other manager owns and Fleet does not. Sets ("v:") and positions ("i:") are left alone: nothing keyed
    // identifies them across writers.
    private static void Strip(JsonObject target, JsonObject owned, IReadOnlyList<JsonObject> fleet)
    {
        foreach (var (key, child) in owned)
        {
            if (!key.StartsWith("f:", StringComparison.Ordinal) || child is not JsonObject fields || !target.TryGetPropertyValue(key[2..], out var value))
            {
                continue;
            }
            var fleetFields = fleet.Select(f => f[key]).OfType<JsonObject>().ToList();
            if (fields.Count == 0)
            {
                if (fleetFields.Count == 0)
                {
                    target.Remove(key[2..]);
                }
            }
            else if (value is JsonObject nested)
            {
                Strip(nested, fields, fleetFields);
            }
            else if (value is JsonArray list)
            {
                StripItems(list, fields, fleetFields);
            }
        }
    }

    private static void StripItems(JsonArray list, JsonObject owned, IReadOnlyList<JsonObject> fleet)
    {
        foreach (var (key, child) in owned)
        {
            if (!key.StartsWith("k:", StringComparison.Ordinal) || child is not JsonObject fields || JsonNode.Parse(key[2..]) is not JsonObject keys)
            {
                continue;
            }
            var item = list.OfType<JsonObject>().FirstOrDefault(i => keys.All(k => JsonNode.DeepEquals(i[k.Key], k.Value)));
            if (item is not null)
            {
                Strip(item, fields, [.. fleet.Select(f => f[key]).OfType<JsonObject>()]);
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

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
