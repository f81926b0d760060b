using System.Globalization;

namespace Fleet.Engine.Versions;

/// <summary>
/// A semantic version range in the syntax of Flux's semver policies (the Masterminds library): comparators
/// (<c>=</c>, <c>!=</c>, <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>~</c>, <c>^</c>), wildcards
/// (<c>1.2.x</c>, <c>*</c>), partial versions (<c>1.2</c>), hyphen ranges (<c>1.2 - 1.4</c>), AND by space or
/// comma, OR by <c>||</c>.
/// Prereleases: a version with a prerelease is accepted only by an AND-group that names a prerelease itself, so
/// <c>&gt;=1.0.0 &lt;2.0.0</c> never picks <c>1.5.0-rc.1</c> while <c>&gt;=1.0.0-0 &lt;2.0.0</c> does (the usual way
/// to opt in). Bounds compare by plain precedence, so that group also admits <c>2.0.0-rc.1</c> (below <c>2.0.0</c>), as
/// Helm and Flux do.
/// </summary>
public sealed class SemverRange
{
    private readonly IReadOnlyList<Group> _groups;

    private SemverRange(IReadOnlyList<Group> groups) => _groups = groups;

    /// <summary>Reads a range; throws <see cref="FormatException"/> with a sentence naming the bad part.</summary>
    public static SemverRange Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("the range is empty");
        }
        var groups = text.Split("||").Select(ParseGroup).ToList();
        return new SemverRange(groups);
    }

    /// <summary>Null when <paramref name="text"/> is a valid range, else why not.</summary>
    public static string? Problem(string? text)
    {
        try
        {
            Parse(text ?? "");
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    public bool Contains(SemanticVersion version) => _groups.Any(g => g.Contains(version));

    private static Group ParseGroup(string text)
    {
        var tokens = text.Replace(',', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count == 0)
        {
            throw new FormatException("an alternative between '||' is empty");
        }
        var bounds = new List<Bound>();
        var mentionsPrerelease = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            // A hyphen range: "A - B" means >=A <=B.
            if (i + 2 < tokens.Count && tokens[i + 1] == "-")
            {
                var low = ParsePartial(tokens[i]);
                var high = ParsePartial(tokens[i + 2]);
                mentionsPrerelease |= low.Prerelease.Count > 0 || high.Prerelease.Count > 0;
                bounds.AddRange(Expand(">=", low));
                bounds.AddRange(Expand("<=", high));
                i += 2;
                continue;
            }
            var token = tokens[i];
            var op = Operator(token);
            var versionText = token[op.Length..];
            // "> = 1.2" is not allowed, but ">= 1.2" is: an operator alone takes the next token as its version.
            if (versionText.Length == 0 && op.Length > 0 && i + 1 < tokens.Count)
            {
                versionText = tokens[++i];
            }
            var partial = ParsePartial(versionText);
            mentionsPrerelease |= partial.Prerelease.Count > 0;
            bounds.AddRange(Expand(op, partial));
        }
        return new Group(bounds, mentionsPrerelease);
    }

    private static string Operator(string token)
    {
        foreach (var op in new[] { ">=", "=>", "<=", "=<", "!=", "~>", ">", "<", "=", "~", "^" })
        {
            if (token.StartsWith(op, StringComparison.Ordinal))
            {
                return op;
            }
        }
        return "";
    }

    /// <summary>Turns one comparator into plain bounds, resolving wildcards, partial versions, tilde and caret.</summary>
    private static IEnumerable<Bound> Expand(string op, Partial p)
    {
        var (major, minor, patch) = (p.Major ?? 0, p.Minor ?? 0, p.Patch ?? 0);
        var exact = SemanticVersion.Of(major, minor, patch, p.Prerelease);
        // The first version above every version the partial one stands for (1.2 -> 1.3.0, 1 -> 2.0.0).
        SemanticVersion? Next() => p.Major is null ? null
            : p.Minor is null ? SemanticVersion.Of(major + 1, 0, 0)
            : p.Patch is null ? SemanticVersion.Of(major, minor + 1, 0)
            : null;
        switch (op)
        {
            case "" or "=":
                if (p.Major is null)
                {
                    yield break; // "*": anything
                }
                if (Next() is { } above)
                {
                    yield return new Bound(Kind.AtLeast, exact);
                    yield return new Bound(Kind.Below, above);
                }
                else
                {
                    yield return new Bound(Kind.Equal, exact);
                }
                break;
            case "!=":
                if (p.Major is null)
                {
                    yield return new Bound(Kind.Nothing, exact);
                }
                else if (Next() is { } notAbove)
                {
                    yield return new Bound(Kind.Outside, exact, notAbove);
                }
                else
                {
                    yield return new Bound(Kind.NotEqual, exact);
                }
                break;
            case ">":
                if (p.Major is null)
                {
                    yield return new Bound(Kind.Nothing, exact);
                }
                else
                {
                    yield return Next() is { } beyond ? new Bound(Kind.AtLeast, beyond) : new Bound(Kind.Above, exact);
                }
                break;
            case ">=" or "=>":
                yield return new Bound(Kind.AtLeast, exact);
                break;
            case "<":
                if (p.Major is null)
                {
                    yield return new Bound(Kind.Nothing, exact);
                }
                else
                {
                    yield return new Bound(Kind.Below, exact);
                }
                break;
            case "<=" or "=<":
                if (p.Major is not null)
                {
                    yield return Next() is { } under ? new Bound(Kind.Below, under) : new Bound(Kind.AtMost, exact);
                }
                break;
            case "~" or "~>":
                yield return new Bound(Kind.AtLeast, exact);
                if (p.Major is not null)
                {
                    yield return new Bound(Kind.Below, p.Minor is null ? SemanticVersion.Of(major + 1, 0, 0) : SemanticVersion.Of(major, minor + 1, 0));
                }
                break;
            case "^":
                yield return new Bound(Kind.AtLeast, exact);
                if (p.Major is null)
                {
                    break;
                }
                // The leftmost non-zero part may not change; parts left out count as changeable.
                var upper = major > 0 || p.Minor is null ? SemanticVersion.Of(major + 1, 0, 0)
                    : minor > 0 || p.Patch is null ? SemanticVersion.Of(0, minor + 1, 0)
                    : SemanticVersion.Of(0, 0, patch + 1);
                yield return new Bound(Kind.Below, upper);
                break;
        }
    }

    private static Partial ParsePartial(string text)
    {
        var original = text;
        if (text.StartsWith('v') || text.StartsWith('V'))
        {
            text = text[1..];
        }
        if (text.Length == 0)
        {
            throw new FormatException($"'{original}' has no version");
        }
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            text = text[..plus];
        }
        IReadOnlyList<string> prerelease = [];
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            prerelease = text[(dash + 1)..].Split('.');
            text = text[..dash];
            if (prerelease.Any(id => id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                throw new FormatException($"'{original}' has an invalid prerelease");
            }
        }
        var parts = text.Split('.');
        if (parts.Length > 3)
        {
            throw new FormatException($"'{original}' has more than three numbers");
        }
        var numbers = new ulong?[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is "x" or "X" or "*")
            {
                break; // this and every later part are wildcards
            }
            if (!ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                throw new FormatException($"'{original}' is not a version (expected numbers like 1.2.3, wildcards x or *)");
            }
            numbers[i] = n;
        }
        if (prerelease.Count > 0 && numbers[2] is null)
        {
            // "6.*-rc.1" names no release the prerelease belongs to.
            throw new FormatException($"'{original}' has a prerelease but not all three numbers");
        }
        return new Partial(numbers[0], numbers[0] is null ? null : numbers[1], numbers[1] is null ? null : numbers[2], prerelease);
    }

    private sealed record Partial(ulong? Major, ulong? Minor, ulong? Patch, IReadOnlyList<string> Prerelease);

    private enum Kind { Equal, NotEqual, Above, AtLeast, Below, AtMost, Outside, Nothing }

    private sealed record Bound(Kind Kind, SemanticVersion Version, SemanticVersion? Until = null)
    {
        public bool Contains(SemanticVersion v) => Kind switch
        {
            Kind.Equal => v.CompareTo(Version) == 0,
            Kind.NotEqual => v.CompareTo(Version) != 0,
            Kind.Above => v.CompareTo(Version) > 0,
            Kind.AtLeast => v.CompareTo(Version) >= 0,
            // Plain precedence, as Masterminds (Helm, Flux) compares: "<2.0.0" admits 2.0.0-rc.1 once the group opts in.
            Kind.Below => v.CompareTo(Version) < 0,
            Kind.AtMost => v.CompareTo(Version) <= 0,
            Kind.Outside => v.CompareTo(Version) < 0 || v.CompareTo(Until!) >= 0,
            _ => false,
        };
    }

    private sealed record Group(IReadOnlyList<Bound> Bounds, bool AcceptsPrereleases)
    {
        public bool Contains(SemanticVersion v) => (!v.IsPrerelease || AcceptsPrereleases) && Bounds.All(b => b.Contains(v));
    }
}
