namespace Fleet.Engine.Charts;

/// <summary>
/// A chart version constraint as Helm writes them (<c>6.5.0</c>, <c>6.5.*</c>, <c>&gt;=6.0.0 &lt;7.0.0</c>, <c>^6</c>,
/// <c>~1.2</c>, <c>&gt;=1.0.0, &lt;2.0.0 || 3.x</c>): comparators joined by spaces or commas must all hold, groups
/// joined by <c>||</c> are alternatives. Wildcards (<c>x</c>, <c>X</c>, <c>*</c>) and missing parts widen a comparator
/// to a range. A prerelease (<c>7.0.0-rc.1</c>) matches only a group that names a prerelease itself, so a plain
/// constraint (or none) never picks one up by accident. Pure: no I/O.
/// </summary>
public sealed class VersionConstraint
{
    private readonly IReadOnlyList<Group> _groups;

    private VersionConstraint(IReadOnlyList<Group> groups, string text)
    {
        _groups = groups;
        Text = text;
    }

    /// <summary>The constraint as written ("" for the latest release).</summary>
    public string Text { get; }

    /// <summary>
    /// Reads a constraint; an empty one matches every release (no prerelease). Returns null and the reason when
    /// <paramref name="text"/> is not a constraint.
    /// </summary>
    public static VersionConstraint? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return new VersionConstraint([new Group([], false)], "");
        }
        var groups = new List<Group>();
        foreach (var alternative in text.Split("||"))
        {
            var tokens = Tokens(alternative);
            if (tokens.Count == 0)
            {
                error = $"\"{text}\" has an empty alternative around ||";
                return null;
            }
            var comparators = new List<Comparator>();
            foreach (var token in tokens)
            {
                if (Comparator.Parse(token) is not { } comparator)
                {
                    error = $"\"{token}\" is not a version or a comparison with one (6.5.0, 6.5.*, >=6.0.0, ^6, ~6.5)";
                    return null;
                }
                comparators.Add(comparator);
            }
            groups.Add(new Group(comparators, comparators.Any(c => c.NamesPrerelease)));
        }
        return new VersionConstraint(groups, text.Trim());
    }

    /// <summary>Whether <paramref name="version"/> satisfies the constraint.</summary>
    public bool IsSatisfiedBy(ChartVersion version) =>
        _groups.Any(g => (!version.IsPrerelease || g.AllowsPrerelease) && g.Comparators.All(c => c.Matches(version)));

    /// <summary>
    /// The highest of <paramref name="versions"/> that satisfies the constraint, or null. Versions that are not semantic
    /// versions (Helm refuses to package them) are never chosen.
    /// </summary>
    public string? Highest(IEnumerable<string> versions) => versions
        .Select(v => (Text: v, Version: ChartVersion.Parse(v)))
        .Where(v => v.Version is not null && IsSatisfiedBy(v.Version))
        .OrderByDescending(v => v.Version)
        .Select(v => v.Text)
        .FirstOrDefault();

    /// <summary>True when the constraint names exactly one version (<c>6.5.0</c>, <c>=6.5.0</c>): a pin.</summary>
    public static bool IsExact(string? text)
    {
        var version = text?.Trim().TrimStart('=').Trim();
        return version is { Length: > 0 } && ChartVersion.Parse(version) is not null
            && version.TrimStart('v', 'V').Split('+')[0].Split('-')[0].Split('.').Length == 3;
    }

    // Splits a group at spaces and commas, joining an operator written apart from its version (">= 6.0.0").
    private static List<string> Tokens(string group)
    {
        var raw = group.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var tokens = new List<string>();
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i].All(c => "<>=!~^".Contains(c)) && i + 1 < raw.Length)
            {
                tokens.Add(raw[i] + raw[++i]);
            }
            else
            {
                tokens.Add(raw[i]);
            }
        }
        return tokens;
    }

    private sealed record Group(IReadOnlyList<Comparator> Comparators, bool AllowsPrerelease);

    // One comparison as a range [Min, Max) (or its complement for !=); a null bound is open.
    private sealed record Comparator(ChartVersion? Min, bool MinInclusive, ChartVersion? Max, bool MaxInclusive, bool Negated, bool NamesPrerelease)
    {
        public bool Matches(ChartVersion version)
        {
            var inside = (Min is null || (MinInclusive ? version.CompareTo(Min) >= 0 : version.CompareTo(Min) > 0))
                && (Max is null || (MaxInclusive ? version.CompareTo(Max) <= 0 : version.CompareTo(Max) < 0));
            return inside != Negated;
        }

        public static Comparator? Parse(string token)
        {
            var op = new string(token.TakeWhile(c => "<>=!~^".Contains(c)).ToArray());
            if (op is not ("" or "=" or "==" or "!=" or ">" or ">=" or "=>" or "<" or "<=" or "=<" or "~" or "~>" or "^"))
            {
                return null;
            }
            if (Partial.Parse(token[op.Length..]) is not { } p)
            {
                return null;
            }
            var low = p.Lower;
            var named = p.Prerelease.Length > 0;
            switch (op)
            {
                case "" or "=" or "==":
                    return p.Specified == 3 ? new(low, true, low, true, false, named) : new(low, true, p.Upper, false, false, named);
                case "!=":
                    return p.Specified == 3 ? new(low, true, low, true, true, named) : new(low, true, p.Upper, false, true, named);
                case ">":
                    return p.Specified == 3 ? new(low, false, null, false, false, named)
                        : p.Upper is null ? new(low, false, low, false, false, named) // ">*" matches nothing
                        : new(p.Upper, true, null, false, false, named);
                case ">=" or "=>":
                    return new(low, true, null, false, false, named);
                case "<":
                    return new(null, false, low, false, false, named);
                case "<=" or "=<":
                    return p.Specified == 3 ? new(null, false, low, true, false, named) : new(null, false, p.Upper, false, false, named);
                case "~" or "~>":
                    return new(low, true, p.Specified switch
                    {
                        0 => null,
                        1 => Bump(low, 0),
                        _ => Bump(low, 1),
                    }, false, false, named);
                default: // "^": the leftmost non-zero part may not change
                    ChartVersion? max = p.Specified == 0 ? null
                        : low.Major > 0 || p.Specified == 1 ? Bump(low, 0)
                        : low.Minor > 0 || p.Specified == 2 ? Bump(low, 1)
                        : Bump(low, 2);
                    return new(low, true, max, false, false, named);
            }
        }

        private static ChartVersion Bump(ChartVersion v, int part) => part switch
        {
            0 => new(v.Major + 1, 0, 0, "", ""),
            1 => new(v.Major, v.Minor + 1, 0, "", ""),
            _ => new(v.Major, v.Minor, v.Patch + 1, "", ""),
        };

        // A version with 0 to 3 parts given (a wildcard ends it); Lower fills the rest with zeros and Upper is the
        // first version past every version it stands for (null when it stands for all).
        private sealed record Partial(ChartVersion Lower, int Specified, string Prerelease)
        {
            public ChartVersion? Upper => Specified switch
            {
                0 => null,
                3 => Bump(Lower, 2),
                _ => Bump(Lower, Specified - 1),
            };

            public static Partial? Parse(string text)
            {
                var core = text.StartsWith('v') || text.StartsWith('V') ? text[1..] : text;
                var suffix = core.IndexOfAny(['-', '+']) is var at and >= 0 ? core[at..] : "";
                core = core[..(core.Length - suffix.Length)];
                var parts = core.Split('.');
                if (core.Length == 0 || parts.Length > 3)
                {
                    return null;
                }
                var specified = 0;
                foreach (var part in parts)
                {
                    if (part is "x" or "X" or "*")
                    {
                        break;
                    }
                    if (part.Length == 0 || !part.All(char.IsAsciiDigit))
                    {
                        return null;
                    }
                    specified++;
                }
                var filled = string.Join('.', parts.Take(specified).Concat(Enumerable.Repeat("0", 3 - specified)));
                if (suffix.Length > 0 && specified < 3)
                {
                    return null;
                }
                return ChartVersion.Parse(filled + suffix) is { } lower ? new Partial(lower, specified, lower.Prerelease) : null;
            }
        }
    }
}
