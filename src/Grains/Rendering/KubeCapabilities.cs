namespace Fleet.Grains.Rendering;

/// <summary>
/// What a chart's <c>.Capabilities</c> may ask of the target cluster: its version and the API versions it serves.
/// </summary>
/// <param name="KubeVersion">The server's version, as <c>/version</c> reports it (<c>v1.32.4</c>).</param>
/// <param name="ApiVersions">The group-versions it serves (<c>v1</c>, <c>apps/v1</c>, <c>monitoring.coreos.com/v1</c>).</param>
public sealed record KubeCapabilities(string KubeVersion, IReadOnlyList<string> ApiVersions);
