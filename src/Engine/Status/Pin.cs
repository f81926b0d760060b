namespace Fleet.Engine.Status;

/// <summary>A revision an instance is held at by a rollback, until unpinned.</summary>
public sealed record Pin
{
    public required string Revision { get; init; }
    public required string Reason { get; init; }
    public required string By { get; init; }
    public DateTimeOffset Since { get; init; }
}
