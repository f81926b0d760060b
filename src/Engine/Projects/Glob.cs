namespace Fleet.Engine.Projects;

/// <summary>
/// The globs of project rules: <c>*</c> stands for any run of characters (none included), <c>?</c> for exactly one;
/// every other character stands for itself, compared ordinally. Names in Fleet and Kubernetes are lowercase, so a
/// case-sensitive match is what an admin who wrote <c>shop-*</c> means.
/// </summary>
public static class Glob
{
    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/> as a whole.</summary>
    public static bool Matches(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        // Greedy with one backtrack point (the last star): linear for the patterns rules hold, never exponential.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>Whether any of <paramref name="patterns"/> matches <paramref name="text"/>.</summary>
    public static bool MatchesAny(IEnumerable<string> patterns, string text) => patterns.Any(p => Matches(p, text));
}
