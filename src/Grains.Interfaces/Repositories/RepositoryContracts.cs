using Fleet.Engine.Status;

namespace Fleet.Grains.Interfaces.Repositories;

/// <summary>A Git repository as registered: remote, branch, credentials and how often to poll.</summary>
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
}

/// <summary>The cluster values a render may use: <c>{{cluster.name}}</c> and <c>{{cluster.labels.KEY}}</c>.</summary>
[GenerateSerializer, Immutable, Alias("fleet.RenderTarget")]
public sealed record RenderTarget
{
    [Id(0)] public required string ClusterName { get; init; }
    [Id(1)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
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

    public bool Succeeded => Errors.Count == 0;
}
