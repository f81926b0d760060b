using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Api.Validation;

/// <summary>Evaluates parsed selector requirements against a set of labels (every requirement must hold).</summary>
public static class LabelMatching
{
    /// <summary>True when <paramref name="labels"/> satisfy every requirement; an empty selector matches everything.</summary>
    public static bool Matches(IReadOnlyList<LabelRequirement> requirements, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var requirement in requirements)
        {
            var present = labels.TryGetValue(requirement.Key, out var value);
            var holds = requirement.Operator switch
            {
                LabelRequirement.In => present && requirement.Values.Contains(value!),
                LabelRequirement.NotIn => !present || !requirement.Values.Contains(value!),
                LabelRequirement.Exists => present,
                LabelRequirement.DoesNotExist => !present,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }
}
