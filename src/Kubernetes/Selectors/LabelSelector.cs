using System.Text.Json.Nodes;
using System.Text.Json;
using Fleet.Kubernetes.Names;

namespace Fleet.Kubernetes.Selectors;

/// <summary>
/// A Kubernetes label selector: every <c>matchLabels</c> entry and every <c>matchExpressions</c> requirement must hold.
/// An empty selector matches everything. Read it from the structured form (<see cref="FromJson"/>, or the
/// constructor) or from the string form (<see cref="LabelSelectorParser"/>).
/// </summary>
/// <param name="MatchLabels">Labels that must be present with exactly these values.</param>
/// <param name="MatchExpressions">Requirements the labels must all satisfy.</param>
public sealed record LabelSelector(
    IReadOnlyDictionary<string, string> MatchLabels,
    IReadOnlyList<LabelSelectorRequirement> MatchExpressions)
{
    private static readonly string[] StructuredOperators =
        [LabelSelectorRequirement.In, LabelSelectorRequirement.NotIn, LabelSelectorRequirement.Exists, LabelSelectorRequirement.DoesNotExist];

    /// <summary>The selector that matches everything.</summary>
    public static LabelSelector Everything { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>A selector of requirements only (what the string form yields).</summary>
    public LabelSelector(IReadOnlyList<LabelSelectorRequirement> matchExpressions)
        : this(new Dictionary<string, string>(), matchExpressions)
    {
    }

    /// <summary>True when the selector has no requirement at all, so it selects everything.</summary>
    public bool IsEmpty => MatchLabels.Count == 0 && MatchExpressions.Count == 0;

    /// <summary>True when labels satisfy every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return MatchLabels.All(required => labels.TryGetValue(required.Key, out var value) && value == required.Value)
            && MatchExpressions.All(expression => expression.Matches(labels));
    }

    /// <summary>
    /// Reads the structured form, as found in <c>spec.selector</c> of a workload. Values that are not strings are kept as
    /// their JSON text (they then fail validation rather than vanish).
    /// </summary>
    public static LabelSelector FromJson(JsonObject selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var matchLabels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (selector["matchLabels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                matchLabels[key] = Text(value);
            }
        }

        var expressions = new List<LabelSelectorRequirement>();
        if (selector["matchExpressions"] is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                var values = item["values"] is JsonArray list ? list.Select(Text).ToList() : [];
                expressions.Add(new LabelSelectorRequirement(Text(item["key"]), Text(item["operator"]), values));
            }
        }

        return new LabelSelector(matchLabels, expressions);
    }

    /// <summary>The string-valued labels of an object's <c>metadata.labels</c>, ready for <see cref="Matches"/>.</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(JsonObject? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? [])
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                result[key] = v.GetValue<string>();
            }
        }
        return result;
    }

    /// <summary>
    /// The problems that make this selector invalid as a structured <c>LabelSelector</c>, each naming the field and what
    /// to do (<c>matchExpressions[0].operator: must be In, NotIn, Exists or DoesNotExist (got "in")</c>); empty when valid.
    /// </summary>
    public IReadOnlyList<SelectorProblem> Validate()
    {
        var problems = new List<SelectorProblem>();
        foreach (var (key, value) in MatchLabels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            AddIfAny(problems, $"matchLabels[\"{key}\"]", LabelRules.KeyProblem(key));
            AddIfAny(problems, $"matchLabels[\"{key}\"]", LabelRules.ValueProblem(value));
        }

        for (var i = 0; i < MatchExpressions.Count; i++)
        {
            ValidateExpression(MatchExpressions[i], $"matchExpressions[{i}]", problems);
        }

        return problems;
    }

    /// <summary>
    /// The string form, as <c>/scale</c> reports it in <c>status.selector</c>: requirements sorted by key (Kubernetes sorts
    /// them when it turns a structured selector into a string), values sorted, <c>matchLabels</c> as <c>k=v</c>.
    /// </summary>
    public override string ToString()
    {
        var parts = MatchLabels.Select(pair => (pair.Key, Text: $"{pair.Key}={pair.Value}"))
            .Concat(MatchExpressions.Select(expression => (expression.Key, Text: expression.ToString())));
        return string.Join(",", parts.OrderBy(part => part.Key, StringComparer.Ordinal).Select(part => part.Text));
    }

    private static void ValidateExpression(LabelSelectorRequirement expression, string field, List<SelectorProblem> problems)
    {
        AddIfAny(problems, $"{field}.key", LabelRules.KeyProblem(expression.Key));

        var values = expression.Values;
        switch (expression.Operator)
        {
            case LabelSelectorRequirement.In or LabelSelectorRequirement.NotIn when values.Count == 0:
                problems.Add(new($"{field}.values", $"must list at least one value for operator {expression.Operator}"));
                break;
            case LabelSelectorRequirement.Exists or LabelSelectorRequirement.DoesNotExist when values.Count > 0:
                problems.Add(new($"{field}.values", $"must be empty for operator {expression.Operator}; remove the values"));
                break;
            case var op when !StructuredOperators.Contains(op):
                problems.Add(new($"{field}.operator", $"must be In, NotIn, Exists or DoesNotExist (got \"{op}\")"));
                break;
            default:
                break;
        }

        for (var v = 0; v < values.Count; v++)
        {
            AddIfAny(problems, $"{field}.values[{v}]", LabelRules.ValueProblem(values[v]));
        }
    }

    private static void AddIfAny(List<SelectorProblem> problems, string field, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(new(field, problem));
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
