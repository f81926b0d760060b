using System.Text.RegularExpressions;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Reduces what kubectl or kustomize print on failure to the sentence that matters. kubectl logs through klog, so
/// its error arrives as <c>E1126 20:17:47.07 21564 run.go:72] "command failed" err="…"</c>; kustomize prints
/// <c>Error: …</c>.
/// </summary>
internal static partial class KustomizeMessages
{
    /// <summary>The error text without log headers, quoting or an "Error:" prefix.</summary>
    public static string Clean(string standardError)
    {
        var lines = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(CleanLine)
            .Where(line => line.Length > 0);
        return string.Join(' ', lines);
    }

    /// <summary>The line of the kustomization file that Kustomize could not parse, when that is what it says.</summary>
    public static int? KustomizationLine(string message)
    {
        var match = InvalidKustomization().Match(message);
        return match.Success && int.TryParse(match.Groups["line"].ValueSpan, out var line) ? line : null;
    }

    private static string CleanLine(string line)
    {
        var klog = KlogLine().Match(line);
        if (klog.Success)
        {
            line = Unquote(klog.Groups["error"].Value);
        }

        return line.StartsWith("error:", StringComparison.OrdinalIgnoreCase) ? line["error:".Length..].TrimStart() : line;
    }

    // klog writes the error as a Go string literal.
    private static string Unquote(string quoted) =>
        quoted.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex("""^[IWEF]\d{4} \S+\s+\d+ \S+\] "command failed" err="(?<error>.*)"$""", RegexOptions.CultureInvariant)]
    private static partial Regex KlogLine();

    [GeneratedRegex(@"^kustomize failed: invalid Kustomization: yaml: line (?<line>\d+):", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidKustomization();
}
