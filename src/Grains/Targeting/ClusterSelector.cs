namespace Fleet.Grains.Targeting;

/// <summary>
/// Picks clusters by their labels, with Kubernetes label selector semantics: every <c>matchLabels</c> entry and every
/// <c>matchExpressions</c> entry must hold. An empty selector matches every cluster.
/// </summary>
/// <param name="MatchLabels">Labels a cluster must carry with exactly these values.</param>
/// <param name="MatchExpressions">Expressions a cluster's labels must all satisfy.</param>
public sealed record ClusterSelector(
    IReadOnlyDictionary<string, string> MatchLabels,
    IReadOnlyList<LabelSelectorRequirement> MatchExpressions)
{
    private static readonly string[] Operators =
        [LabelSelectorRequirement.In, LabelSelectorRequirement.NotIn, LabelSelectorRequirement.Exists, LabelSelectorRequirement.DoesNotExist];

    /// <summary>The selector that matches every cluster.</summary>
    public static ClusterSelector Everything { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>True when a cluster with these labels is selected.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return MatchLabels.All(required => labels.TryGetValue(required.Key, out var value) && value == required.Value)
            && MatchExpressions.All(expression => expression.Matches(labels));
    }

    /// <summary>
    /// The problems that make this selector invalid, each naming the field and what to do
    /// (<c>matchExpressions[0].operator: must be In, NotIn, Exists or DoesNotExist (got "in")</c>); empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (key, value) in MatchLabels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            AddIfAny(problems, $"matchLabels[\"{key}\"]", LabelSyntax.KeyProblem(key));
            AddIfAny(problems, $"matchLabels[\"{key}\"]", LabelSyntax.ValueProblem(value));
        }

        for (var i = 0; i < MatchExpressions.Count; i++)
        {
            ValidateExpression(MatchExpressions[i], $"matchExpressions[{i}]", problems);
        }

        return problems;
    }

    private static void ValidateExpression(LabelSelectorRequirement expression, string field, List<string> problems)
    {
        AddIfAny(problems, $"{field}.key", LabelSyntax.KeyProblem(expression.Key));

        var values = expression.Values;
        switch (expression.Operator)
        {
            case LabelSelectorRequirement.In or LabelSelectorRequirement.NotIn when values.Count == 0:
                problems.Add($"{field}.values: must list at least one value for operator {expression.Operator}");
                break;
            case LabelSelectorRequirement.Exists or LabelSelectorRequirement.DoesNotExist when values.Count > 0:
                problems.Add($"{field}.values: must be empty for operator {expression.Operator}; remove the values");
                break;
            case var op when !Operators.Contains(op):
                problems.Add($"{field}.operator: must be In, NotIn, Exists or DoesNotExist (got \"{op}\")");
                break;
        }

        for (var v = 0; v < values.Count; v++)
        {
            AddIfAny(problems, $"{field}.values[{v}]", LabelSyntax.ValueProblem(values[v]));
        }
    }

    private static void AddIfAny(List<string> problems, string field, string? problem)
    {
        if (problem is not null)
        {
            problems.Add($"{field}: {problem}");
        }
    }
}
