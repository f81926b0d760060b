namespace Fleet.Engine.Status;

/// <summary>One sync of an instance: what was applied, when, how it ended, and who or what started it.</summary>
public sealed record SyncRecord
{
    public required long Id { get; init; }
    public required string Revision { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public required string Result { get; init; }
    public required string InitiatedBy { get; init; }
    public string? Message { get; init; }
    public int Applied { get; init; }
    public int Pruned { get; init; }
}
