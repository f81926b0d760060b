using Fleet.Simulator.Http;

namespace Fleet.Simulator.Selectors;

/// <summary>
/// A parsed <c>labelSelector</c> query: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>,
/// <c>k</c>, <c>!k</c>, <c>k&gt;n</c>, <c>k&lt;n</c>, joined by commas (AND).
/// </summary>
public sealed class LabelSelector
{
    private enum Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan }

    private sealed record Requirement(string Key, Op Op, IReadOnlyList<string> Values);

    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    /// <summary>Selects everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => _requirements.Count == 0;

    /// <summary>Parses a selector; throws a 400 <see cref="ApiError"/> on bad syntax, as the real server does.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }
        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.All(r => MatchesOne(r, labels));

    private static bool MatchesOne(Requirement r, IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(r.Key, out var value);
        return r.Op switch
        {
            Op.Equals => has && value == r.Values[0],
            Op.NotEquals => !has || value != r.Values[0],
            Op.In => has && r.Values.Contains(value),
            Op.NotIn => !has || !r.Values.Contains(value),
            Op.Exists => has,
            Op.DoesNotExist => !has,
            Op.GreaterThan => has && long.TryParse(value, out var g) && g > long.Parse(r.Values[0], System.Globalization.CultureInfo.InvariantCulture),
            Op.LessThan => has && long.TryParse(value, out var l) && l < long.Parse(r.Values[0], System.Globalization.CultureInfo.InvariantCulture),
            _ => false,
        };
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

    private static Requirement ParseRequirement(string part, string whole)
    {
        if (part.Length == 0)
        {
            throw Bad(whole);
        }
        if (part[0] == '!')
        {
            return new Requirement(Key(part[1..].Trim(), whole), Op.DoesNotExist, []);
        }
        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals), (">", Op.GreaterThan), ("<", Op.LessThan) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = part[(at + token.Length)..].Trim();
                if (op is Op.GreaterThan or Op.LessThan && !long.TryParse(value, out _))
                {
                    throw Bad(whole);
                }
                return new Requirement(Key(part[..at].Trim(), whole), op, [value]);
            }
        }
        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2)
        {
            var op = words[1].StartsWith("notin", StringComparison.Ordinal) ? Op.NotIn
                : words[1].StartsWith("in", StringComparison.Ordinal) ? Op.In
                : throw Bad(whole);
            var set = words[1][(op == Op.NotIn ? 5 : 2)..].Trim();
            if (!set.StartsWith('(') || !set.EndsWith(')'))
            {
                throw Bad(whole);
            }
            var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries);
            return new Requirement(Key(words[0], whole), op, values);
        }
        return new Requirement(Key(part, whole), Op.Exists, []);
    }

    private static string Key(string key, string whole) =>
        key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '=' or '!') ? throw Bad(whole) : key;

    private static ApiError Bad(string whole) => ApiError.BadRequest($"unable to parse requirement: found '{whole}', expected: valid label selector");
}
