using System.Globalization;

namespace Fleet.Engine.Versions;

/// <summary>
/// A semantic version (semver.org 2.0) read from an image tag: <c>1.2.3</c>, <c>v1.2.3-rc.1+build.5</c>. Tags often
/// leave out the patch or minor (<c>1.2</c>, <c>v2</c>): those read as zero, as the Masterminds library behind Flux's
/// policies reads them. Build metadata is kept but never decides order.
/// </summary>
public sealed class SemanticVersion : IComparable<SemanticVersion>
{
    private SemanticVersion(ulong major, ulong minor, ulong patch, IReadOnlyList<string> prerelease, string original)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Original = original;
    }

    public ulong Major { get; }
    public ulong Minor { get; }
    public ulong Patch { get; }

    /// <summary>The dot-separated prerelease identifiers (<c>rc</c>, <c>1</c>); empty for a release.</summary>
    public IReadOnlyList<string> Prerelease { get; }

    public bool IsPrerelease => Prerelease.Count > 0;

    /// <summary>The text the version was read from (the tag).</summary>
    public string Original { get; }

    /// <summary>Reads <paramref name="text"/>, or returns null when it is no semantic version.</summary>
    public static SemanticVersion? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var rest = text.StartsWith('v') || text.StartsWith('V') ? text[1..] : text;
        var plus = rest.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!ValidIdentifiers(rest[(plus + 1)..], numericRule: false))
            {
                return null;
            }
            rest = rest[..plus];
        }
        IReadOnlyList<string> prerelease = [];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            var identifiers = rest[(dash + 1)..];
            if (!ValidIdentifiers(identifiers, numericRule: true))
            {
                return null;
            }
            prerelease = identifiers.Split('.');
            rest = rest[..dash];
        }
        var parts = rest.Split('.');
        if (parts.Length is < 1 or > 3)
        {
            return null;
        }
        var numbers = new ulong[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!IsNumber(parts[i]) || !ulong.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }
        return new SemanticVersion(numbers[0], numbers[1], numbers[2], prerelease, text);
    }

    /// <summary>A version from its parts (for range bounds).</summary>
    internal static SemanticVersion Of(ulong major, ulong minor, ulong patch, IReadOnlyList<string>? prerelease = null) =>
        new(major, minor, patch, prerelease ?? [], $"{major}.{minor}.{patch}");

    /// <summary>Precedence as semver.org §11: numbers, then a release above its prereleases, then identifier by identifier.</summary>
    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var byNumbers = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (byNumbers != 0)
        {
            return byNumbers;
        }
        if (IsPrerelease != other.IsPrerelease)
        {
            return IsPrerelease ? -1 : 1;
        }
        for (var i = 0; i < Math.Min(Prerelease.Count, other.Prerelease.Count); i++)
        {
            var byIdentifier = CompareIdentifiers(Prerelease[i], other.Prerelease[i]);
            if (byIdentifier != 0)
            {
                return byIdentifier;
            }
        }
        return Prerelease.Count.CompareTo(other.Prerelease.Count);
    }

    /// <summary>Whether both have the same major, minor and patch (prereleases of one release).</summary>
    public bool SameRelease(SemanticVersion other) => (Major, Minor, Patch) == (other.Major, other.Minor, other.Patch);

    public override string ToString() => Original;

    private static int CompareIdentifiers(string a, string b)
    {
        var aNumeric = IsNumber(a);
        var bNumeric = IsNumber(b);
        if (aNumeric && bNumeric)
        {
            // Compare as numbers of any length: longer (no leading zeros) is larger.
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
        }
        if (aNumeric != bNumeric)
        {
            return aNumeric ? -1 : 1;
        }
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    private static bool IsNumber(string s) => s.Length > 0 && s.All(char.IsAsciiDigit) && (s.Length == 1 || s[0] != '0');

    private static bool ValidIdentifiers(string text, bool numericRule) =>
        text.Length > 0 && text.Split('.').All(id =>
            id.Length > 0
            && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && (!numericRule || !id.All(char.IsAsciiDigit) || IsNumber(id)));
}
