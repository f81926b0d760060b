using System.Text.Json.Nodes;

namespace Fleet.Simulator.Admission;

/// <summary>Evaluates a <c>metav1.LabelSelector</c> (matchLabels and matchExpressions) against a label set.</summary>
public static class LabelSelectorSpec
{
    /// <summary>True when every requirement of <paramref name="selector"/> holds for <paramref name="labels"/>.</summary>
    public static bool Matches(JsonObject selector, JsonObject? labels)
    {
        string? Label(string key) => labels?[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

        foreach (var (key, value) in Json.Object(selector, "matchLabels") ?? [])
        {
            if (Label(key) is not { } actual || value is not JsonValue v || !v.TryGetValue(out string? wanted) || actual != wanted)
            {
                return false;
            }
        }
        foreach (var requirement in Json.Objects(Json.Array(selector, "matchExpressions")))
        {
            var actual = Label(Json.String(requirement, "key") ?? "");
            var values = Json.Array(requirement, "values")?.Select(n => Json.Text(n)).ToHashSet() ?? [];
            var holds = Json.String(requirement, "operator") switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when the selector has neither matchLabels nor matchExpressions (it would select everything).</summary>
    public static bool IsEmpty(JsonObject selector) =>
        (Json.Object(selector, "matchLabels")?.Count ?? 0) == 0 && (Json.Array(selector, "matchExpressions")?.Count ?? 0) == 0;

    /// <summary>The selector in the <c>k=v,k2 in (a,b)</c> form that <c>/scale</c> reports in <c>status.selector</c>.</summary>
    public static string Format(JsonObject selector)
    {
        var parts = new List<string>();
        foreach (var (key, value) in (Json.Object(selector, "matchLabels") ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parts.Add($"{key}={Json.Text(value)}");
        }
        foreach (var requirement in Json.Objects(Json.Array(selector, "matchExpressions")))
        {
            var key = Json.String(requirement, "key");
            var values = string.Join(",", (Json.Array(requirement, "values") ?? []).Select(n => Json.Text(n)).Order(StringComparer.Ordinal));
            parts.Add(Json.String(requirement, "operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key ?? "",
                _ => $"!{key}",
            });
        }
        return string.Join(",", parts);
    }
}
