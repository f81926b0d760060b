using Fleet.Kubernetes.Selectors;

namespace Fleet.Grains.Interfaces.Fleet;

/// <summary>Turns the wire form of selector requirements into the selector library's requirements and back.</summary>
public static class LabelRequirements
{
    /// <summary>The requirements as the selector library's, ready to validate or match.</summary>
    public static IReadOnlyList<LabelSelectorRequirement> ToSelector(IReadOnlyList<LabelRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        return [.. requirements.Select(r => new LabelSelectorRequirement(r.Key, r.Operator, r.Values))];
    }

    /// <summary>The selector library's requirements in their wire form.</summary>
    public static IReadOnlyList<LabelRequirement> FromSelector(IReadOnlyList<LabelSelectorRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        return [.. requirements.Select(r => new LabelRequirement { Key = r.Key, Operator = r.Operator, Values = r.Values })];
    }
}
