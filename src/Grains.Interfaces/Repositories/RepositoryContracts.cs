using Fleet.Engine.Status;

namespace Fleet.Grains.Interfaces.Repositories;

/// <summary>
/// A repository as registered: remote, branch, credentials and how often to poll. <see cref="Type"/> <c>git</c> (the
/// default) is a Git repository; <c>helm</c> is a Helm chart repository (<c>http(s)://</c>, index.yaml) or an OCI
/// registry (<c>oci://</c>), where applications name a chart and a version constraint instead of a path and a branch.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.RepositorySpec")]
public sealed record RepositorySpec
{
    [Id(0)] public required string Url { get; init; }
    [Id(1)] public string Branch { get; init; } = "main";
    [Id(2)] public int PollIntervalSeconds { get; init; } = 30;
    [Id(3)] public string? Username { get; init; }
    [Id(4)] public string? Password { get; init; }

    /// <summary>The shared secret webhooks for this repository are signed with; null: webhooks cannot refresh it.</summary>
    [Id(5)] public string? WebhookSecret { get; init; }

    /// <summary><see cref="RepositoryTypes.Git"/> or <see cref="RepositoryTypes.Helm"/>; null (state written before types) is Git.</summary>
    [Id(6)] public string? Type { get; init; }

    /// <summary>Talk plain HTTP to an <c>oci://</c> registry (a registry on loopback); ignored otherwise.</summary>
    [Id(7)] public bool Insecure { get; init; }

    public bool IsHelm() => Type == RepositoryTypes.Helm;
}

/// <summary>The kinds of repository.</summary>
public static class RepositoryTypes
{
    public const string Git = "git";
    public const string Helm = "helm";
}

/// <summary>A repository as the API shows it (never its password or webhook secret).</summary>
[GenerateSerializer, Immutable, Alias("fleet.RepositoryView")]
public sealed record RepositoryView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Url { get; init; }
    [Id(2)] public required string Branch { get; init; }
    [Id(3)] public int PollIntervalSeconds { get; init; }
    [Id(4)] public bool HasCredentials { get; init; }
    [Id(5)] public string? Revision { get; init; }
    [Id(6)] public DateTimeOffset? LastFetch { get; init; }
    [Id(7)] public IReadOnlyList<Condition> Conditions { get; init; } = [];
    [Id(8)] public bool HasWebhookSecret { get; init; }

    /// <summary><c>git</c> or <c>helm</c>.</summary>
    [Id(9)] public string Type { get; init; } = RepositoryTypes.Git;

    /// <summary>A Helm repository's charts and their versions as last read, newest first (an OCI registry lists the charts applications asked for).</summary>
    [Id(10)] public IReadOnlyDictionary<string, IReadOnlyList<string>>? Charts { get; init; }

    /// <summary>Plain HTTP to an oci:// registry.</summary>
    [Id(11)] public bool Insecure { get; init; }
}

/// <summary>The chart version a constraint means now, or why there is none (the message names the chart, constraint and reason).</summary>
[GenerateSerializer, Immutable, Alias("fleet.ChartResolution")]
public sealed record ChartResolution
{
    [Id(0)] public string? Version { get; init; }
    [Id(1)] public string? Error { get; init; }
}

/// <summary>The cluster values a render may use: <c>{{cluster.name}}</c> and <c>{{cluster.labels.KEY}}</c>.</summary>
[GenerateSerializer, Immutable, Alias("fleet.RenderTarget")]
public sealed record RenderTarget
{
    [Id(0)] public required string ClusterName { get; init; }
    [Id(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The cluster's version and API versions, which a chart's <c>.Capabilities</c> reads. Null until a render answers
    /// <see cref="RenderOutcome.NeedsCapabilities"/>: only charts need them.
    /// </summary>
    [Id(2)] public ClusterCapabilities? Capabilities { get; init; }
}

/// <summary>What a chart may ask of its target cluster: its version and the API versions it serves.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ClusterCapabilities")]
public sealed record ClusterCapabilities
{
    /// <summary>The server's version (<c>v1.32.4</c>).</summary>
    [Id(0)] public required string KubeVersion { get; init; }

    /// <summary>The group-versions the cluster serves (<c>v1</c>, <c>apps/v1</c>, <c>monitoring.coreos.com/v1</c>) and each with its kinds (<c>apps/v1/Deployment</c>), sorted.</summary>
    [Id(1)] public IReadOnlyList<string> ApiVersions { get; init; } = [];
}

/// <summary>The Helm release an application's chart is rendered as: ignored unless its path is a chart.</summary>
[GenerateSerializer, Immutable, Alias("fleet.HelmRelease")]
public sealed record HelmRelease
{
    /// <summary>The release name (the application's helm.releaseName, else its name).</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The release namespace: the application's destination namespace.</summary>
    [Id(1)] public required string Namespace { get; init; }

    /// <summary>Value files relative to the chart, cluster variables not yet substituted.</summary>
    [Id(2)] public IReadOnlyList<string> ValueFiles { get; init; } = [];

    /// <summary>Inline values as JSON object text, cluster variables not yet substituted.</summary>
    [Id(3)] public string? Values { get; init; }

    /// <summary>The application has Helm settings: a path that is not a chart is an error rather than rendered otherwise.</summary>
    [Id(4)] public bool ChartExpected { get; init; }
}

/// <summary>One rendered object: its identity and its JSON.</summary>
[GenerateSerializer, Immutable, Alias("fleet.Manifest")]
public sealed record Manifest
{
    [Id(0)] public required string ApiVersion { get; init; }
    [Id(1)] public required string Kind { get; init; }
    [Id(2)] public string? Namespace { get; init; }
    [Id(3)] public required string Name { get; init; }
    [Id(4)] public required string Json { get; init; }
    [Id(5)] public string? SourceFile { get; init; }

    /// <summary>The line of <see cref="SourceFile"/> where the object's document starts, when known.</summary>
    [Id(6)] public int? Line { get; init; }
}

/// <summary>
/// The objects an application declares for one cluster at one commit, or why they could not be rendered.
/// <see cref="Key"/> is the content hash of the render's inputs: equal keys mean equal manifests.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.RenderOutcome")]
public sealed record RenderOutcome
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Commit { get; init; }
    [Id(2)] public IReadOnlyList<Manifest> Manifests { get; init; } = [];
    [Id(3)] public IReadOnlyList<string> Errors { get; init; } = [];
    [Id(4)] public string? ResolvedPath { get; init; }

    /// <summary>
    /// The path is a chart that reads the cluster's capabilities and the target carried none: render again with
    /// <see cref="RenderTarget.Capabilities"/>. Such an outcome also carries an error, so it never passes for an empty render.
    /// </summary>
    [Id(5)] public bool NeedsCapabilities { get; init; }

    public bool Succeeded => Errors.Count == 0;
}
