using Orleans.Concurrency;

namespace Fleet.Grains.Interfaces.Repositories;

/// <summary>How a webhook proves it knows a repository's secret.</summary>
public enum WebhookProofKind
{
    /// <summary>The hex HMAC-SHA256 of the body, keyed with the secret (GitHub, generic).</summary>
    HmacSha256,

    /// <summary>The secret itself, sent in a header (GitLab).</summary>
    Token,
}

/// <summary>What a webhook presented; the repository grain checks it against its secret so the secret never leaves it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.WebhookProof")]
public sealed record WebhookProof
{
    [Id(0)] public required WebhookProofKind Kind { get; init; }

    /// <summary>The hex signature (without "sha256=") or the token.</summary>
    [Id(1)] public required string Value { get; init; }

    /// <summary>The exact request body the signature covers (HMAC only).</summary>
    [Id(2)] public byte[] Body { get; init; } = [];
}

/// <summary>A repository whose remote matches a webhook's URL, with the branch it tracks.</summary>
[GenerateSerializer, Immutable, Alias("fleet.RepositoryMatch")]
public sealed record RepositoryMatch
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Branch { get; init; }
}

/// <summary>
/// The map from normalised remote URL to registered repositories (key "fleet"), kept by the repository grains on
/// register and unregister, so a webhook finds its repositories without reading every repository grain.
/// </summary>
public interface IRepositoryIndexGrain : IGrainWithStringKey
{
    /// <summary>Records (or moves) a repository under its remote URL and branch.</summary>
    Task SetAsync(string name, string url, string branch);

    /// <summary>Forgets a repository.</summary>
    Task RemoveAsync(string name);

    /// <summary>The repositories whose remote equals any of <paramref name="urls"/> once normalised.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<RepositoryMatch>> FindAsync(IReadOnlyList<string> urls);
}
