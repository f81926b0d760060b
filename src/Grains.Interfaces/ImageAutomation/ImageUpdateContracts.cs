using Fleet.Engine.Status;

namespace Fleet.Grains.Interfaces.ImageAutomation;

/// <summary>Who Fleet's commits are authored by.</summary>
[GenerateSerializer, Immutable, Alias("fleet.CommitAuthor")]
public sealed record CommitAuthor
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Email { get; init; }
}

/// <summary>An image update as registered: where the markers are and where the commit goes.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ImageUpdateSpec")]
public sealed record ImageUpdateSpec
{
    /// <summary>The Fleet repository (by name) whose URL and credentials are used to clone and push.</summary>
    [Id(0)] public required string Repository { get; init; }
    [Id(1)] public string Branch { get; init; } = "main";

    /// <summary>The folder (relative to the repository's root) whose YAML files are searched for markers; "" for all.</summary>
    [Id(2)] public string Path { get; init; } = "";
    [Id(3)] public required CommitAuthor Author { get; init; }

    /// <summary>Push here instead of <see cref="Branch"/> (a review flow); based on it when it exists, else on <see cref="Branch"/>.</summary>
    [Id(4)] public string? PushBranch { get; init; }
}

/// <summary>One marked value Fleet rewrote.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ImageChange")]
public sealed record ImageChange
{
    [Id(0)] public required string File { get; init; }
    [Id(1)] public required string Policy { get; init; }
    [Id(2)] public required string OldValue { get; init; }
    [Id(3)] public required string NewValue { get; init; }
}

/// <summary>An image update as the API shows it, with its last push.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ImageUpdateView")]
public sealed record ImageUpdateView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ImageUpdateSpec Spec { get; init; }
    [Id(2)] public string? LastPushedCommit { get; init; }
    [Id(3)] public DateTimeOffset? LastPushTime { get; init; }
    [Id(4)] public IReadOnlyList<ImageChange> LastChanges { get; init; } = [];
    [Id(5)] public DateTimeOffset? LastRun { get; init; }
    [Id(6)] public IReadOnlyList<Condition> Conditions { get; init; } = [];
}
