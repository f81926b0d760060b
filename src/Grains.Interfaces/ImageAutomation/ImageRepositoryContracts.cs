using Fleet.Engine.Status;

namespace Fleet.Grains.Interfaces.ImageAutomation;

/// <summary>An image repository as registered: the image whose tags Fleet lists, how often, and how to log in.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ImageRepositorySpec")]
public sealed record ImageRepositorySpec
{
    /// <summary>The image without tag: <c>registry.example.com/team/web</c>, <c>ghcr.io/org/app</c>, or <c>nginx</c> (Docker Hub).</summary>
    [Id(0)] public required string Image { get; init; }
    [Id(1)] public int IntervalSeconds { get; init; } = 60;
    [Id(2)] public string? Username { get; init; }

    /// <summary>Write-only: kept encrypted in the grain, never returned.</summary>
    [Id(3)] public string? Password { get; init; }

    /// <summary>Speak plain http to the registry (a registry on a private network or loopback).</summary>
    [Id(4)] public bool Insecure { get; init; }
}

/// <summary>An image repository as the API shows it (never its password, nor every tag: only how many and the last few).</summary>
[GenerateSerializer, Immutable, Alias("fleet.ImageRepositoryView")]
public sealed record ImageRepositoryView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Image { get; init; }
    [Id(2)] public int IntervalSeconds { get; init; }
    [Id(3)] public bool HasCredentials { get; init; }
    [Id(4)] public bool Insecure { get; init; }
    [Id(5)] public int TagCount { get; init; }

    /// <summary>Up to ten tags of the last good scan, in the order the registry listed them.</summary>
    [Id(6)] public IReadOnlyList<string> SampleTags { get; init; } = [];
    [Id(7)] public DateTimeOffset? LastScan { get; init; }
    [Id(8)] public IReadOnlyList<Condition> Conditions { get; init; } = [];
}

/// <summary>The tags of an image repository as last scanned successfully.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ImageTags")]
public sealed record ImageTags
{
    /// <summary>The image the tags belong to (as registered).</summary>
    [Id(0)] public required string Image { get; init; }
    [Id(1)] public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>False until one scan succeeded: then <see cref="Tags"/> means "unknown", not "none".</summary>
    [Id(2)] public bool Scanned { get; init; }
}
