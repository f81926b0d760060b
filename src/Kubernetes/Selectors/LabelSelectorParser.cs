using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fleet.Kubernetes.Names;

namespace Fleet.Kubernetes.Selectors;

/// <summary>
/// Reads the string form of a label selector, as in <c>?labelSelector=</c>: requirements separated by commas (AND), each
/// one of <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>,
/// <c>k&gt;n</c> or <c>k&lt;n</c>. Keys and values must follow the label rules, as the API server checks them too.
/// <c>k=v</c> reads as <c>k in (v)</c> and <c>k!=v</c> as <c>k notin (v)</c>: they select the same objects.
/// </summary>
public static class LabelSelectorParser
{
    private const string Forms = "use key=value, key!=value, key in (a,b), key notin (a,b), key, !key, key>n or key<n";

    private static readonly (string Token, string Operator)[] Comparisons =
    [
        ("!=", LabelSelectorRequirement.NotIn),
        ("=", LabelSelectorRequirement.In),
        (">", LabelSelectorRequirement.GreaterThan),
        ("<", LabelSelectorRequirement.LessThan),
    ];

    /// <summary>
    /// Parses <paramref name="text"/>; on failure <paramref name="errors"/> says, per bad requirement, which one and why
    /// (<c>requirement "env in prod": use key=value, …</c>). Blank text is the selector that matches everything.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out LabelSelector? selector, out IReadOnlyList<string> errors)
    {
        selector = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            selector = LabelSelector.Everything;
            errors = [];
            return true;
        }

        var requirements = new List<LabelSelectorRequirement>();
        var problems = new List<string>();
        foreach (var part in SplitTopLevel(text))
        {
            var requirementText = part.Trim();
            var (requirement, problem) = ParseOne(requirementText);
            problem ??= Check(requirement!);
            if (problem is null)
            {
                requirements.Add(requirement!);
            }
            else
            {
                problems.Add($"requirement \"{requirementText}\": {problem}");
            }
        }

        errors = problems;
        if (problems.Count > 0)
        {
            return false;
        }
        selector = new LabelSelector(requirements);
        return true;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the first bad requirement.</summary>
    public static LabelSelector Parse(string? text) =>
        TryParse(text, out var selector, out var errors) ? selector : throw new FormatException(errors[0]);

    private static (LabelSelectorRequirement? Requirement, string? Problem) ParseOne(string text)
    {
        if (text.Length == 0)
        {
            return (null, "is empty: separate requirements with single commas");
        }
        if (text.StartsWith('!'))
        {
            return (new LabelSelectorRequirement(text[1..].Trim(), LabelSelectorRequirement.DoesNotExist, []), null);
        }

        // "!=" before "=" so that k!=v is not read as key "k!"; "==" is "=" with the second '=' dropped.
        foreach (var (token, op) in Comparisons)
        {
            var at = text.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0)
            {
                var value = text[(at + token.Length)..];
                return Comparison(text[..at], token == "=" && value.StartsWith('=') ? value[1..] : value, op);
            }
        }

        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return (new LabelSelectorRequirement(words[0], LabelSelectorRequirement.Exists, []), null);
        }

        var rest = words[1];
        var (op2, length) = rest.StartsWith("notin", StringComparison.Ordinal) ? (LabelSelectorRequirement.NotIn, 5)
            : rest.StartsWith("in", StringComparison.Ordinal) ? (LabelSelectorRequirement.In, 2)
            : (null, 0);
        var set = op2 is null ? null : rest[length..].Trim();
        if (set is null || !set.StartsWith('(') || !set.EndsWith(')'))
        {
            return (null, Forms);
        }
        var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries);
        return values.Any(value => value.Length == 0)
            ? (null, "the set needs at least one value and no empty ones")
            : (new LabelSelectorRequirement(words[0], op2!, values), null);
    }

    private static (LabelSelectorRequirement?, string?) Comparison(string key, string value, string op)
    {
        key = key.Trim();
        value = value.Trim();
        if (key.Length == 0)
        {
            return (null, "names no label key before the operator");
        }
        if (op is LabelSelectorRequirement.GreaterThan or LabelSelectorRequirement.LessThan
            && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return (null, $"key>n and key<n compare with a whole number (got \"{value}\")");
        }
        return (new LabelSelectorRequirement(key, op, [value]), null);
    }

    // The key and the values of a parsed requirement follow the label rules (Gt and Lt values are numbers, checked above).
    private static string? Check(LabelSelectorRequirement requirement)
    {
        if (LabelRules.KeyProblem(requirement.Key) is { } keyProblem)
        {
            return keyProblem;
        }
        return requirement.Operator is LabelSelectorRequirement.GreaterThan or LabelSelectorRequirement.LessThan
            ? null
            : requirement.Values.Select(LabelRules.ValueProblem).FirstOrDefault(problem => problem is not null);
    }

    // Commas separate requirements except inside the parentheses of an in/notin set.
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
                default:
                    break;
            }
        }
        yield return text[start..];
    }
}
