using Fleet.Api.Applications;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Kubernetes.Selectors;

namespace Fleet.Api.Validation;

/// <summary>Checks label selectors in requests with the shared selector rules and reports problems on the request's fields.</summary>
public static class SelectorValidation
{
    /// <summary>
    /// Parses a selector in the string form (<c>env=prod,tier!=web,region in (eu,us),!legacy</c>); adds an error on
    /// <paramref name="field"/> per bad requirement, naming it and the reason. Returns the requirements in their wire form.
    /// </summary>
    public static IReadOnlyList<LabelRequirement> Selector(this RequestValidation validation, string field, string? selector)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (LabelSelectorParser.TryParse(selector, out var parsed, out var errors))
        {
            return LabelRequirements.FromSelector(parsed.MatchExpressions);
        }
        foreach (var error in errors)
        {
            validation.Add(field, error);
        }
        return [];
    }

    /// <summary>
    /// Checks a structured selector (<c>matchLabels</c> and <c>matchExpressions</c>) named <paramref name="field"/>;
    /// returns its requirements in their wire form (null when it has no <c>matchExpressions</c>).
    /// </summary>
    public static IReadOnlyList<LabelRequirement>? Selector(this RequestValidation validation, string field, SelectorRequest? selector)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Labels($"{field}.matchLabels", selector?.MatchLabels);
        var expressions = selector?.MatchExpressions?.Select(e => new LabelRequirement
        {
            Key = e.Key ?? "",
            Operator = e.Operator ?? "",
            Values = e.Values ?? [],
        }).ToList();
        validation.MatchExpressions($"{field}.matchExpressions", expressions);
        return expressions;
    }

    /// <summary>
    /// Checks <c>matchExpressions</c> of a structured selector: keys, operators (In, NotIn, Exists, DoesNotExist) and values
    /// that fit the operator; each error goes on its own field (<c>{field}[0].operator</c>).
    /// </summary>
    public static RequestValidation MatchExpressions(this RequestValidation validation, string field, IReadOnlyList<LabelRequirement>? expressions)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (expressions is null)
        {
            return validation;
        }
        const string Prefix = "matchExpressions";
        foreach (var problem in new LabelSelector(LabelRequirements.ToSelector(expressions)).Validate())
        {
            validation.Add(field + problem.Field[Prefix.Length..], problem.Message);
        }
        return validation;
    }
}
