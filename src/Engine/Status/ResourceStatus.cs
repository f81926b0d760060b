namespace Fleet.Engine.Status;

/// <summary>One object of an instance: identity, whether it matches Git, and its health.</summary>
public sealed record ResourceStatus
{
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public string? Namespace { get; init; }
    public required string Name { get; init; }
    public SyncStatus Sync { get; init; }
    public HealthStatus Health { get; init; }
    public string? Message { get; init; }

    /// <summary>Fields that differ, one per line, when out of sync.</summary>
    public IReadOnlyList<string> Diff { get; init; } = [];

    /// <summary>Machine reason of the health, such as ProgressDeadlineExceeded, when not healthy.</summary>
    public string? Reason { get; init; }
}
