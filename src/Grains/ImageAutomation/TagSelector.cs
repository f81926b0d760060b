using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Fleet.Engine.ImageAutomation;
using Fleet.Engine.Versions;
using Fleet.Grains.Interfaces.ImageAutomation;

namespace Fleet.Grains.ImageAutomation;

/// <summary>
/// Picks the latest tag an image policy accepts: the filter keeps matching tags (and extracts what to order by), then
/// the rule orders them. Pure; built once per policy spec.
/// </summary>
public sealed class TagSelector
{
    private readonly TagRule _rule;
    private readonly SemverRange? _range;
    private readonly Regex? _pattern;
    private readonly string? _extract;

    private TagSelector(TagRule rule, SemverRange? range, Regex? pattern, string? extract)
    {
        _rule = rule;
        _range = range;
        _pattern = pattern;
        _extract = extract;
    }

    /// <summary>Builds a selector; throws <see cref="FormatException"/> naming the field when the spec is invalid.</summary>
    public static TagSelector Create(TagRule rule, TagFilter? filter)
    {
        if (Problems(rule, filter).Select(p => $"{p.Field}: {p.Message}").FirstOrDefault() is { } problem)
        {
            throw new FormatException(problem);
        }
        return new TagSelector(
            rule,
            rule.SemverRange is { } range ? SemverRange.Parse(range) : null,
            filter is null ? null : TagPattern.Compile(filter.Pattern),
            filter?.Extract is { } extract ? TagPattern.Substitution(extract) : null);
    }

    /// <summary>What is wrong with a rule and filter, by field (empty when valid): for 400 answers.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(TagRule rule, TagFilter? filter)
    {
        var rules = (rule.SemverRange is null ? 0 : 1) + (rule.Alphabetical ? 1 : 0) + (rule.Numerical ? 1 : 0);
        if (rules != 1)
        {
            yield return ("policy", "must set exactly one of semver, alphabetical or numerical");
        }
        if (rule.SemverRange is not null && SemverRange.Problem(rule.SemverRange) is { } rangeProblem)
        {
            yield return ("policy.semver.range", rangeProblem);
        }
        if (filter is not null && TagPattern.Problem(filter.Pattern) is { } patternProblem)
        {
            yield return ("filterTags.pattern", patternProblem);
        }
    }

    /// <summary>The latest accepted tag of <paramref name="tags"/>, or null when none is accepted.</summary>
    public string? Latest(IEnumerable<string> tags)
    {
        var candidates = new List<(string Tag, string Key)>();
        foreach (var tag in tags)
        {
            if (Key(tag) is { } key)
            {
                candidates.Add((tag, key));
            }
        }
        if (_range is not null)
        {
            return candidates
                .Select(c => (c.Tag, Version: SemanticVersion.TryParse(c.Key)))
                .Where(c => c.Version is not null && _range.Contains(c.Version))
                // Equal precedence (1.0.0 and v1.0.0, or differing build metadata): the tag text decides, so the pick is stable.
                .OrderBy(c => c.Version).ThenBy(c => c.Tag, StringComparer.Ordinal)
                .Select(c => c.Tag)
                .LastOrDefault();
        }
        IEnumerable<(string Tag, string Key)> ordered = _rule.Numerical
            ? candidates
                .Select(c => (c.Tag, c.Key, Number: ParseNumber(c.Key)))
                .Where(c => c.Number is not null)
                .OrderBy(c => c.Number!.Value.Integer).ThenBy(c => c.Number!.Value.Fraction, FractionComparer.Instance)
                .ThenBy(c => c.Tag, StringComparer.Ordinal)
                .Select(c => (c.Tag, c.Key))
            : candidates.OrderBy(c => c.Key, StringComparer.Ordinal).ThenBy(c => c.Tag, StringComparer.Ordinal);
        var list = ordered.ToList();
        if (list.Count == 0)
        {
            return null;
        }
        return _rule.Order == TagOrder.Asc ? list[^1].Tag : list[0].Tag;
    }

    /// <summary>What a tag is ordered by: the extracted value when it passes the filter, else null.</summary>
    private string? Key(string tag)
    {
        if (_pattern is null)
        {
            return tag;
        }
        try
        {
            var match = _pattern.Match(tag);
            if (!match.Success)
            {
                return null;
            }
            return _extract is null ? tag : match.Result(_extract);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    // Numbers of any length and an optional fraction (build numbers, Unix timestamps, 1.5): no overflow, exact order.
    private static (BigInteger Integer, string Fraction)? ParseNumber(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var integer = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? "" : body[(dot + 1)..];
        if (integer.Length == 0 || !integer.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length == 0))
        {
            return null;
        }
        var value = BigInteger.Parse(integer, NumberStyles.None, CultureInfo.InvariantCulture);
        // Negative fractions would order backwards; numeric tags are not negative in practice, so keep it simple.
        return negative ? (-value, "") : (value, fraction.TrimEnd('0'));
    }

    /// <summary>Orders decimal fractions as digits after the point: "5" (0.5) above "25" (0.25).</summary>
    private sealed class FractionComparer : IComparer<string>
    {
        public static readonly FractionComparer Instance = new();

        public int Compare(string? x, string? y) => string.CompareOrdinal(x, y);
    }
}
