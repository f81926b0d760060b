using System.Text.RegularExpressions;

namespace Fleet.Engine.ImageAutomation;

/// <summary>
/// The regular expressions of image policy tag filters, written as Flux users write them (Go syntax: <c>(?P&lt;ts&gt;…)</c>
/// groups, <c>$ts</c> in the extract) and run by .NET.
/// </summary>
public static partial class TagPattern
{
    /// <summary>How long one match may take: a pathological pattern must not stall a policy.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The pattern as a .NET regular expression; throws <see cref="ArgumentException"/> when invalid.</summary>
    public static Regex Compile(string pattern) =>
        new(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>Why the pattern is not a valid regular expression, or null.</summary>
    public static string? Problem(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return "is required";
        }
        try
        {
            Compile(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"is not a valid regular expression: {e.Message}";
        }
    }

    /// <summary>Go's <c>$name</c> substitutions as .NET writes them (<c>${name}</c>); <c>${name}</c> and <c>$1</c> stay.</summary>
    public static string Substitution(string extract) => GoNamedSubstitution().Replace(extract, "$${${1}}");

    [GeneratedRegex(@"\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex GoNamedSubstitution();
}
