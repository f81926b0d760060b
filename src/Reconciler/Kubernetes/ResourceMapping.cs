
namespace Fleet.Reconciler.Kubernetes;

/// <summary>Where a kind lives on one cluster's API server, as discovery reports it.</summary>
/// <param name="ApiVersion"><c>v1</c> for the core group, else <c>group/version</c>.</param>
/// <param name="Kind">The kind, as in manifests (<c>Deployment</c>).</param>
/// <param name="Plural">The resource name in URLs (<c>deployments</c>).</param>
/// <param name="Namespaced">Whether objects of the kind live in a namespace.</param>
public sealed record ResourceMapping(string ApiVersion, string Kind, string Plural, bool Namespaced);

/// <summary>What <c>GET /version</c> reports.</summary>
/// <param name="GitVersion">The server's version (<c>v1.33.0</c>).</param>
public sealed record ServerInfo(string GitVersion);

/// <summary>What a chart's <c>.Capabilities</c> reads of a cluster: <c>/version</c>, and the group-versions of <c>/api</c> and <c>/apis</c>.</summary>
/// <param name="GitVersion">The server's version (<c>v1.33.0</c>).</param>
/// <param name="ApiVersions">Every group-version served (<c>v1</c>, <c>apps/v1</c>), sorted.</param>
public sealed record ServerCapabilities(string GitVersion, IReadOnlyList<string> ApiVersions);
