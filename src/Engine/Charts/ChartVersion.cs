using System.Globalization;

namespace Fleet.Engine.Charts;

/// <summary>
/// A chart version as Helm reads one: semantic versioning 2.0 (<c>6.5.3</c>, <c>1.0.0-rc.1+build.5</c>), with a leading
/// <c>v</c> and missing minor or patch (<c>v2</c>, <c>1.2</c>) accepted as Helm's semver library accepts them. Ordered by
/// precedence: build metadata is ignored, a prerelease sorts before its release, prerelease identifiers compare
/// numerically when both are numbers, else ordinally.
/// </summary>
public sealed record ChartVersion(long Major, long Minor, long Patch, string Prerelease, string Build) : IComparable<ChartVersion>
{
    public bool IsPrerelease => Prerelease.Length > 0;

    /// <summary>Reads <paramref name="text"/>; null when it is not a version.</summary>
    public static ChartVersion? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var rest = text.Trim();
        if (rest.StartsWith('v') || rest.StartsWith('V'))
        {
            rest = rest[1..];
        }
        var build = "";
        if (rest.IndexOf('+') is var plus and >= 0)
        {
            build = rest[(plus + 1)..];
            rest = rest[..plus];
            if (!ValidIdentifiers(build))
            {
                return null;
            }
        }
        var prerelease = "";
        if (rest.IndexOf('-') is var dash and >= 0)
        {
            prerelease = rest[(dash + 1)..];
            rest = rest[..dash];
            if (!ValidIdentifiers(prerelease))
            {
                return null;
            }
        }
        var parts = rest.Split('.');
        if (parts.Length is < 1 or > 3)
        {
            return null;
        }
        var numbers = new long[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit)
                || !long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }
        return new ChartVersion(numbers[0], numbers[1], numbers[2], prerelease, build);
    }

    public int CompareTo(ChartVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var core = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (core != 0)
        {
            return core;
        }
        return (IsPrerelease, other.IsPrerelease) switch
        {
            (false, false) => 0,
            (false, true) => 1,
            (true, false) => -1,
            _ => ComparePrerelease(Prerelease, other.Prerelease),
        };
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(IsPrerelease ? "-" + Prerelease : "")}{(Build.Length > 0 ? "+" + Build : "")}";

    private static int ComparePrerelease(string left, string right)
    {
        var a = left.Split('.');
        var b = right.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var aNumber);
            var bNumeric = long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var bNumber);
            var order = (aNumeric, bNumeric) switch
            {
                (true, true) => aNumber.CompareTo(bNumber),
                // Numeric identifiers have lower precedence than alphanumeric ones.
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a[i], b[i]),
            };
            if (order != 0)
            {
                return order;
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    private static bool ValidIdentifiers(string text) =>
        text.Length > 0 && text.Split('.').All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
}
