namespace Fleet.Grains.Rendering;

/// <summary>One <c>helm template</c> run: what to render and for which cluster.</summary>
/// <param name="ReleaseName">The release name (<c>.Release.Name</c>).</param>
/// <param name="ChartDirectory">The absolute path of the chart (the directory holding <c>Chart.yaml</c>).</param>
/// <param name="Namespace">The release namespace (<c>.Release.Namespace</c>).</param>
/// <param name="ValueFiles">Absolute paths of value files, lowest precedence first.</param>
/// <param name="InlineValues">A JSON object of values applied after the files, or null.</param>
/// <param name="Capabilities">The cluster's version and API versions for <c>.Capabilities</c>, or null for helm's defaults.</param>
public sealed record HelmTemplateCall(
    string ReleaseName,
    string ChartDirectory,
    string Namespace,
    IReadOnlyList<string> ValueFiles,
    string? InlineValues,
    KubeCapabilities? Capabilities);
