using System.Text.RegularExpressions;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Turns what <c>helm template</c> prints on failure into an error a person can act on: without the
/// <c>Error:</c> prefix and the advice to use <c>--debug</c>, on the template file and line helm names (helm names
/// files from the chart's name, <c>web/templates/x.yaml</c>; Fleet names them from the repository root).
/// </summary>
internal static partial class HelmMessages
{
    /// <summary>The error text without helm's prefix and advice lines, as one line.</summary>
    public static string Clean(string standardError)
    {
        var lines = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("Use --debug flag", StringComparison.Ordinal))
            .Select(line => line.StartsWith("Error:", StringComparison.Ordinal) ? line["Error:".Length..].TrimStart() : line)
            .Where(line => line.Length > 0);
        return string.Join(' ', lines);
    }

    /// <summary>
    /// The render error for a cleaned helm message: on the template file and line it names when it names one, else on
    /// <paramref name="chartFile"/>.
    /// </summary>
    /// <param name="message">The cleaned message, checkout paths already removed.</param>
    /// <param name="chartDirectory">The chart's directory relative to the repository root (<c>charts/web</c>).</param>
    /// <param name="chartFile">The chart's <c>Chart.yaml</c> relative to the repository root.</param>
    public static RenderError Describe(string message, string chartDirectory, string chartFile)
    {
        if (MissingDependencies().Match(message) is { Success: true } missing)
        {
            return new RenderError(chartFile, null,
                $"the chart depends on {missing.Groups["names"].Value.Trim()}, which is not vendored in its charts/ directory; Fleet renders " +
                "without network access and never runs helm dependency build: run it yourself and commit charts/ (and Chart.lock).");
        }

        foreach (var pattern in (Regex[])[TemplateError(), ParseError(), YamlError()])
        {
            var match = pattern.Match(message);
            if (!match.Success)
            {
                continue;
            }

            var file = InChart(chartDirectory, match.Groups["file"].Value);
            int? line = match.Groups["line"].Success && int.TryParse(match.Groups["line"].ValueSpan, out var number) ? number : null;
            var rest = match.Groups["rest"].Value.Replace($"executing \"{match.Groups["file"].Value}\" ", "", StringComparison.Ordinal);
            return new RenderError(file, line, $"helm template failed: {rest}");
        }

        return new RenderError(chartFile, null, $"helm template failed: {message}");
    }

    /// <summary>The repository path of a template helm names "chart/templates/x.yaml" (a subchart's "chart/charts/sub/templates/x.yaml").</summary>
    // helm names files from the chart's name, not its directory:
    // the first segment stands for the chart's directory.
    public static string InChart(string chartDirectory, string helmPath)
    {
        var slash = helmPath.IndexOf('/', StringComparison.Ordinal);
        var inside = slash < 0 ? helmPath : helmPath[(slash + 1)..];
        return chartDirectory == "." ? inside : $"{chartDirectory}/{inside}";
    }

    [GeneratedRegex(@"found in Chart\.yaml, but missing in charts/ directory: (?<names>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex MissingDependencies();

    [GeneratedRegex(@"^template: (?<file>[^:\s]+):(?<line>\d+):(?:\d+:)? (?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateError();

    // "parse error at (web/templates/x.yaml:3): …" and "execution error at (web/templates/x.yaml:3:7): …" (fail, required).
    [GeneratedRegex(@"(?:parse|execution) error at \((?<file>[^:\s]+):(?<line>\d+)(?::\d+)?\): (?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ParseError();

    [GeneratedRegex(@"^YAML parse error on (?<file>\S+): (?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlError();
}
