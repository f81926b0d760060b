using Fleet.Engine.Versions;

namespace Fleet.Engine.Charts;

/// <summary>
/// The version an application asks of a chart (<c>6.5.0</c>, <c>6.5.*</c>, <c>&gt;=6.0.0 &lt;7.0.0</c>, <c>^6</c>,
/// <c>~1.2</c>, <c>^5 || ^6</c>), in the syntax image policies use too (<see cref="SemverRange"/>): one reading of
/// versions for both, as Helm and Flux share the Masterminds library. What charts add: an empty constraint means the
/// newest release, and a constraint that names one whole version is a pin. Pure: no I/O.
/// </summary>
public sealed class VersionConstraint
{
    // Null for the empty constraint: every release matches (a prerelease never does).
    private readonly SemverRange? _range;

    private VersionConstraint(SemverRange? range, string text)
    {
        _range = range;
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
            return new VersionConstraint(null, "");
        }
        if (SemverRange.Problem(text) is { } problem)
        {
            error = $"\"{text.Trim()}\" is not a version constraint: {problem} (for example 6.5.0, 6.5.*, >=6.0.0 <7.0.0, ^6, ~6.5)";
            return null;
        }
        return new VersionConstraint(SemverRange.Parse(text), text.Trim());
    }

    /// <summary>Whether <paramref name="version"/> satisfies the constraint.</summary>
    public bool IsSatisfiedBy(SemanticVersion version) => _range?.Contains(version) ?? !version.IsPrerelease;

    /// <summary>
    /// The highest of <paramref name="versions"/> that satisfies the constraint, or null. Versions that are not semantic
    /// versions (Helm refuses to package them) are never chosen.
    /// </summary>
    public string? Highest(IEnumerable<string> versions) => versions
        .Select(SemanticVersion.TryParse)
        .Where(v => v is not null && IsSatisfiedBy(v))
        .Max()?.Original;

    /// <summary>True when the constraint names exactly one version (<c>6.5.0</c>, <c>=6.5.0</c>): a pin.</summary>
    public static bool IsExact(string? text)
    {
        var version = text?.Trim().TrimStart('=').Trim();
        return version is { Length: > 0 } && SemanticVersion.TryParse(version) is not null
            && version.TrimStart('v', 'V').Split('+')[0].Split('-')[0].Split('.').Length == 3;
    }
}
