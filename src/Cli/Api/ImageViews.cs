namespace Fleet.Cli.Api;

// The CLI's reading of the image automation documents: only what its tables show.

/// <summary>An image repository.</summary>
public sealed record ImageRepositoryView
{
    public string Name { get; init; } = "";
    public string Image { get; init; } = "";
    public int IntervalSeconds { get; init; }
    public bool HasCredentials { get; init; }
    public int TagCount { get; init; }
    public List<string> SampleTags { get; init; } = [];
    public DateTimeOffset? LastScan { get; init; }
    public List<ConditionView> Conditions { get; init; } = [];
}

/// <summary>The rule of an image policy, in the request's shape.</summary>
public sealed record PolicyChoiceView
{
    public SemverView? Semver { get; init; }
    public OrderView? Alphabetical { get; init; }
    public OrderView? Numerical { get; init; }

    public override string ToString() =>
        Semver is { } s ? $"semver {s.Range}" : Alphabetical is { } a ? $"alphabetical {a.Order}" : Numerical is { } n ? $"numerical {n.Order}" : "";
}

public sealed record SemverView
{
    public string Range { get; init; } = "";
}

public sealed record OrderView
{
    public string Order { get; init; } = "asc";
}

/// <summary>An image policy with its latest tag.</summary>
public sealed record ImagePolicyView
{
    public string Name { get; init; } = "";
    public string ImageRepository { get; init; } = "";
    public PolicyChoiceView Policy { get; init; } = new();
    public string? LatestTag { get; init; }
    public string? PreviousTag { get; init; }
    public string? LatestImage { get; init; }
    public List<ConditionView> Conditions { get; init; } = [];
}

/// <summary>Where an image update commits.</summary>
public sealed record ImageUpdateSpecView
{
    public string Repository { get; init; } = "";
    public string Branch { get; init; } = "";
    public string Path { get; init; } = "";
    public string? PushBranch { get; init; }
}

/// <summary>An image update with its last push.</summary>
public sealed record ImageUpdateView
{
    public string Name { get; init; } = "";
    public ImageUpdateSpecView Spec { get; init; } = new();
    public string? LastPushedCommit { get; init; }
    public DateTimeOffset? LastPushTime { get; init; }
    public List<ConditionView> Conditions { get; init; } = [];
}
