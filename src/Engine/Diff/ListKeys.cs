using System.Text.Json.Nodes;
using System.Text.Json;

namespace Fleet.Engine.Diff;

/// <summary>
/// The lists Kubernetes merges by key rather than by position (patchStrategy merge in the built-in types), so items
/// are matched by their key and the order in the cluster does not matter.
/// </summary>
internal static class ListKeys
{
    private const string DefaultProtocol = "TCP";

    private static readonly Dictionary<string, string[]> KeysByField = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"],
        ["volumes"] = ["name"],
        ["imagePullSecrets"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["volumeDevices"] = ["devicePath"],
    };

    /// <summary>
    /// The key fields of the list held in <paramref name="fieldName"/>, or null when it is compared as a whole list.
    /// Every item must be an object carrying the key, else the list is not treated as keyed.
    /// </summary>
    public static string[]? For(string? fieldName, JsonArray desiredItems)
    {
        string[]? keys = null;
        if (fieldName == "ports")
        {
            // Container ports are keyed by containerPort, Service (and other) ports by port; both add the protocol.
            keys = desiredItems.All(item => item is JsonObject o && o.ContainsKey("containerPort"))
                ? ["containerPort", "protocol"]
                : ["port", "protocol"];
        }
        else if (fieldName is not null && KeysByField.TryGetValue(fieldName, out var found))
        {
            keys = found;
        }

        return keys is not null && desiredItems.All(item => item is JsonObject o && o[keys[0]] is not null) ? keys : null;
    }

    /// <summary>The item of <paramref name="items"/> whose key fields equal those of <paramref name="key"/>.</summary>
    public static JsonObject? Find(JsonArray? items, IReadOnlyList<string> keys, JsonObject key) =>
        items?.OfType<JsonObject>().FirstOrDefault(candidate => keys.All(k => KeyValuesEqual(k, key[k], candidate[k])));

    /// <summary>A readable selector for an item, as used in paths: <c>[name=web]</c>, <c>[containerPort=80,protocol=TCP]</c>.</summary>
    public static string Selector(IReadOnlyList<string> keys, JsonObject item) =>
        "[" + string.Join(",", keys.Select(k => $"{k}={KeyText(k, item[k])}")) + "]";

    /// <summary>A selector for the item named by a managedFields <c>k:{…}</c> entry, whose key fields are all given.</summary>
    public static string Selector(JsonObject key) =>
        "[" + string.Join(",", key.Select(pair => $"{pair.Key}={KeyText(pair.Key, pair.Value)}")) + "]";

    private static bool KeyValuesEqual(string keyField, JsonNode? a, JsonNode? b)
    {
        a ??= DefaultFor(keyField);
        b ??= DefaultFor(keyField);
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return ScalarEquality.AreEqual(a, b, isQuantity: false);
    }

    private static JsonNode? DefaultFor(string keyField) => keyField == "protocol" ? JsonValue.Create(DefaultProtocol) : null;

    private static string KeyText(string keyField, JsonNode? value)
    {
        value ??= DefaultFor(keyField);
        return value is null ? "null"
            : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
            : value.ToJsonString();
    }
}
