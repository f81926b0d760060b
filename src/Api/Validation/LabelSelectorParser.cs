using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Api.Validation;

/// <summary>
/// Parses label selectors in the Kubernetes query syntax: requirements separated by commas, each one of
/// <c>key</c>, <c>!key</c>, <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>, <c>key in (a,b)</c> or
/// <c>key notin (a,b)</c>. Keys and values follow the label rules.
/// </summary>
public static class LabelSelectorParser
{
    /// <summary>Parses <paramref name="selector"/>; adds an error on <paramref name="field"/> naming the bad requirement.</summary>
    public static IReadOnlyList<LabelRequirement> Selector(this RequestValidation validation, string field, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return [];
        }
        var requirements = new List<LabelRequirement>();
        foreach (var part in Split(selector))
        {
            var text = part.Trim();
            var (requirement, error) = ParseOne(text);
            if (error is not null)
            {
                validation.Add(field, $"requirement \"{text}\": {error}");
                continue;
            }
            // The label rules of RequestValidation check the key once and every value under a placeholder key.
            var check = new RequestValidation().Labels("label", new Dictionary<string, string> { [requirement!.Key] = "" });
            foreach (var value in requirement.Values)
            {
                check.Labels("label", new Dictionary<string, string> { ["k"] = value });
            }
            if (!check.IsValid)
            {
                validation.Add(field, $"requirement \"{text}\": {check.Errors.Values.First()[0]}");
                continue;
            }
            requirements.Add(requirement);
        }
        return requirements;
    }

    private static (LabelRequirement? Requirement, string? Error) ParseOne(string text)
    {
        if (text.Length == 0)
        {
            return (null, "is empty: separate requirements with single commas");
        }
        if (text.StartsWith('!'))
        {
            return (new LabelRequirement { Key = text[1..].Trim(), Operator = LabelRequirement.DoesNotExist }, null);
        }
        var notEquals = text.IndexOf("!=", StringComparison.Ordinal);
        if (notEquals >= 0)
        {
            return Equality(text[..notEquals], text[(notEquals + 2)..], LabelRequirement.NotIn);
        }
        var equals = text.IndexOf('=');
        if (equals >= 0)
        {
            var value = text[(equals + 1)..];
            return Equality(text[..equals], value.StartsWith('=') ? value[1..] : value, LabelRequirement.In);
        }
        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return (new LabelRequirement { Key = words[0], Operator = LabelRequirement.Exists }, null);
        }
        var rest = words[1];
        var op = rest.StartsWith("in", StringComparison.Ordinal) ? LabelRequirement.In
            : rest.StartsWith("notin", StringComparison.Ordinal) ? LabelRequirement.NotIn : null;
        var list = op is null ? null : rest[(op == LabelRequirement.In ? 2 : 5)..].Trim();
        if (list is null || !list.StartsWith('(') || !list.EndsWith(')'))
        {
            return (null, "use key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
        }
        var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries);
        if (values.Any(v => v.Length == 0))
        {
            return (null, "the set needs at least one value and no empty ones");
        }
        return (new LabelRequirement { Key = words[0], Operator = op!, Values = values }, null);
    }

    private static (LabelRequirement?, string?) Equality(string key, string value, string op)
    {
        key = key.Trim();
        value = value.Trim();
        return key.Length == 0
            ? (null, "names no label key before the operator")
            : (new LabelRequirement { Key = key, Operator = op, Values = [value] }, null);
    }

    // Commas separate requirements except inside the parentheses of a set.
    private static IEnumerable<string> Split(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return selector[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return selector[start..];
    }
}
