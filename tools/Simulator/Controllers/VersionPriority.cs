using System.Globalization;
using System.Text.RegularExpressions;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Kubernetes' ordering of API version names (as in <c>CompareKubeAwareVersionStrings</c>): versions of the form
/// <c>v&lt;major&gt;[alpha|beta&lt;minor&gt;]</c> come first, GA before beta before alpha, higher major then higher
/// minor first; any other names follow in alphabetical order.
/// </summary>
public static partial class VersionPriority
{
    /// <summary>Sorts the most preferred version first.</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(Compare);

    [GeneratedRegex("^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$")]
    private static partial Regex KubeVersion();

    /// <summary>Negative when <paramref name="a"/> is preferred over <paramref name="b"/>.</summary>
    public static int Compare(string? a, string? b)
    {
        var left = Parse(a ?? "");
        var right = Parse(b ?? "");
        if (left is null || right is null)
        {
            return left is not null ? -1 : right is not null ? 1 : string.CompareOrdinal(a, b);
        }
        if (left.Value.Stability != right.Value.Stability)
        {
            return right.Value.Stability.CompareTo(left.Value.Stability);
        }
        if (left.Value.Major != right.Value.Major)
        {
            return right.Value.Major.CompareTo(left.Value.Major);
        }
        return right.Value.Minor.CompareTo(left.Value.Minor);
    }

    // Stability: 2 GA, 1 beta, 0 alpha.
    private static (int Stability, int Major, int Minor)? Parse(string version)
    {
        var match = KubeVersion().Match(version);
        if (!match.Success)
        {
            return null;
        }
        // Absurdly long numbers saturate instead of throwing.
        var major = int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : int.MaxValue;
        if (!match.Groups[2].Success)
        {
            return (2, major, 0);
        }
        var minor = int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
        return (match.Groups[2].Value == "beta" ? 1 : 0, major, minor);
    }
}
