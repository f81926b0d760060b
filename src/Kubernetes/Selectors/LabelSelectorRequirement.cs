using System.Globalization;

namespace Fleet.Kubernetes.Selectors;

/// <summary>One requirement of a label selector, as in Kubernetes <c>matchExpressions</c>.</summary>
/// <param name="Key">The label key the requirement tests.</param>
/// <param name="Operator">
/// <c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>; the string form also yields <c>Gt</c> and <c>Lt</c>
/// (<c>replicas&gt;3</c>), which <c>matchExpressions</c> does not allow.
/// </param>
/// <param name="Values">The values for <c>In</c> and <c>NotIn</c>, the one number for <c>Gt</c> and <c>Lt</c>; empty otherwise.</param>
public sealed record LabelSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    /// <summary>The label's value is one of the values.</summary>
    public const string In = "In";

    /// <summary>The label is absent or its value is none of the values.</summary>
    public const string NotIn = "NotIn";

    /// <summary>The label is present, whatever its value.</summary>
    public const string Exists = "Exists";

    /// <summary>The label is absent.</summary>
    public const string DoesNotExist = "DoesNotExist";

    /// <summary>The label's value is a whole number greater than the one value (string form only).</summary>
    public const string GreaterThan = "Gt";

    /// <summary>The label's value is a whole number less than the one value (string form only).</summary>
    public const string LessThan = "Lt";

    /// <summary>True when the labels satisfy this requirement; an unknown operator matches nothing.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            In => present && Values.Contains(value!),
            NotIn => !present || !Values.Contains(value!),
            Exists => present,
            DoesNotExist => !present,
            GreaterThan => present && Compare(value!) is > 0,
            LessThan => present && Compare(value!) is < 0,
            _ => false,
        };
    }

    /// <summary>The requirement in the string form: <c>k in (a,b)</c>, <c>k notin (a)</c>, <c>k</c>, <c>!k</c>, <c>k&gt;3</c>.</summary>
    public override string ToString()
    {
        var values = string.Join(",", Values.Order(StringComparer.Ordinal));
        return Operator switch
        {
            In => $"{Key} in ({values})",
            NotIn => $"{Key} notin ({values})",
            Exists => Key,
            DoesNotExist => $"!{Key}",
            GreaterThan => $"{Key}>{values}",
            LessThan => $"{Key}<{values}",
            _ => $"{Key} {Operator} ({values})",
        };
    }

    // A label that is no whole number never satisfies Gt or Lt, as in Kubernetes.
    private int? Compare(string value) =>
        Values.Count == 1
        && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
        && long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;
}
