using System.Text.RegularExpressions;

namespace Fleet.Api.Applications;

/// <summary>
/// Which commit a rollback pins. A pin must not move, so only a commit will do: one from the application's history
/// (its full SHA or an unambiguous prefix of at least 7 characters), or a commit SHA the repository holds. Branch and
/// tag names are refused: they would pin whatever they point at tomorrow.
/// </summary>
public static partial class RollbackTargets
{
    /// <summary>The history commit <paramref name="requested"/> names; null when none (or more than one) does.</summary>
    public static string? FromHistory(string requested, IEnumerable<string?> history)
    {
        if (!IsSha(requested))
        {
            return null;
        }
        var matches = history.OfType<string>()
            .Where(commit => commit.StartsWith(requested, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>True for 7 to 40 hexadecimal characters: what can only be a commit SHA or a prefix of one.</summary>
    public static bool IsSha(string text) => Sha().IsMatch(text);

    /// <summary>True when <paramref name="resolved"/>, the repository's answer for <paramref name="requested"/>, is that very commit.</summary>
    public static bool IsSameCommit(string requested, string resolved) =>
        resolved.StartsWith(requested, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex Sha();
}
