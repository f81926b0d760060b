namespace Fleet.Grains.Targeting;

/// <summary>One expression of a label selector, as in Kubernetes <c>matchExpressions</c>.</summary>
/// <param name="Key">The label key the expression tests.</param>
/// <param name="Operator"><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</param>
/// <param name="Values">The values for <c>In</c> and <c>NotIn</c>; empty for <c>Exists</c> and <c>DoesNotExist</c>.</param>
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

    /// <summary>True when the labels satisfy this expression; an unknown operator matches nothing.</summary>
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
            _ => false,
        };
    }
}
