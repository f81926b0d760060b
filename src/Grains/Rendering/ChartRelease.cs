namespace Fleet.Grains.Rendering;

/// <summary>How a chart directory is rendered: the release helm templates, its values and the target cluster.</summary>
/// <param name="Name">The release name (<c>.Release.Name</c>).</param>
/// <param name="Namespace">The release namespace (<c>.Release.Namespace</c>).</param>
/// <param name="ValueFiles">Value files relative to the chart directory, lowest precedence first; cluster variables
/// (<c>values-{{cluster.labels.env}}.yaml</c>) are substituted.</param>
/// <param name="Values">A JSON object of values applied after the files, or null; cluster variables are substituted.</param>
/// <param name="Capabilities">The target cluster's version and API versions, or null for helm's defaults.</param>
public sealed record ChartRelease(string Name, string Namespace, IReadOnlyList<string> ValueFiles, string? Values, KubeCapabilities? Capabilities)
{
    /// <summary>True when the application asked for a chart (it has Helm settings): a path without Chart.yaml is then an error.</summary>
    public bool ChartExpected { get; init; }

    /// <summary>The file that marks a directory as a chart.</summary>
    public const string ChartFile = "Chart.yaml";

    /// <summary>True when <paramref name="directory"/> is a chart.</summary>
    public static bool IsChart(string directory) => File.Exists(Path.Combine(directory, ChartFile));
}
