using System.Text.Json.Nodes;

namespace Fleet.Engine.Diff;

/// <summary>
/// Keeps Secret values out of everything Fleet shows: a difference in a Secret's <c>data</c> or <c>stringData</c>
/// says which key changed, never the value of either side (as Argo CD masks them). Whoever may read an instance
/// (a viewer token) may not read the Secrets it manages.
/// </summary>
public static class SecretValues
{
    /// <summary>What stands in for a masked value.</summary>
    public const string Masked = "(secret value)";

    private static readonly string[] ValueFields = ["data", "stringData"];

    /// <summary>True for a core v1 Secret.</summary>
    public static bool IsSecret(string apiVersion, string kind) => apiVersion == "v1" && kind == "Secret";

    /// <summary>
    /// One difference as a line for people: <c>path: live -> desired</c>, or for a value of a Secret
    /// <c>.data.password: (secret value changed)</c>.
    /// </summary>
    public static string Line(FieldDifference difference, bool isSecret)
    {
        ArgumentNullException.ThrowIfNull(difference);
        if (isSecret && IsValuePath(difference.Path))
        {
            var change = (difference.Live, difference.Desired) switch
            {
                (null, _) => "added",
                (_, null) => "removed",
                _ => "changed",
            };
            return $"{difference.Path}: (secret value {change})";
        }
        var masked = isSecret ? Mask(difference) : difference;
        return $"{masked.Path}: {masked.Live ?? "(absent)"} -> {masked.Desired ?? "(absent)"}";
    }

    /// <summary>
    /// The difference with every Secret value replaced by <see cref="Masked"/>; the keys stay. Differences of other
    /// kinds, and fields of a Secret outside its values, are returned as they are.
    /// </summary>
    public static FieldDifference Mask(FieldDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        if (IsValuePath(difference.Path))
        {
            return difference with { Desired = MaskLeaf(difference.Desired), Live = MaskLeaf(difference.Live) };
        }
        if (difference.Path == DiffPath.Root)
        {
            return difference with { Desired = MaskObject(difference.Desired), Live = MaskObject(difference.Live) };
        }
        if (ValueFields.Any(f => difference.Path == "." + f))
        {
            return difference with { Desired = MaskValues(difference.Desired), Live = MaskValues(difference.Live) };
        }
        return difference;
    }

    // .data.key, .data["key.with.dots"], .stringData.key: one value.
    private static bool IsValuePath(string path) =>
        ValueFields.Any(f => path.StartsWith($".{f}.", StringComparison.Ordinal) || path.StartsWith($".{f}[", StringComparison.Ordinal));

    private static string? MaskLeaf(string? json) => json is null ? null : JsonValue.Create(Masked).ToJsonString();

    // The whole object (a Secret missing from the cluster): its value maps masked.
    private static string? MaskObject(string? json)
    {
        if (json is null || JsonNode.Parse(json) is not JsonObject obj)
        {
            return json is null ? null : JsonValue.Create(Masked).ToJsonString();
        }
        foreach (var field in ValueFields)
        {
            if (obj[field] is { } values)
            {
                obj[field] = MaskMap(values);
            }
        }
        return obj.ToJsonString();
    }

    // A whole value map (.data absent on one side): its keys with masked values.
    private static string? MaskValues(string? json) => json is null ? null : MaskMap(JsonNode.Parse(json)).ToJsonString();

    private static JsonNode MaskMap(JsonNode? values)
    {
        if (values is not JsonObject map)
        {
            return JsonValue.Create(Masked);
        }
        var masked = new JsonObject();
        foreach (var (key, _) in map)
        {
            masked[key] = Masked;
        }
        return masked;
    }
}
