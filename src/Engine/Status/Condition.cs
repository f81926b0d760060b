namespace Fleet.Engine.Status;

/// <summary>
/// One observation about an object's state, as Kubernetes conditions are: a type, whether it holds, a machine
/// reason, and one sentence a person can act on.
/// </summary>
public sealed record Condition
{
    public required string Type { get; init; }
    public required string Status { get; init; }
    public required string Reason { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset LastTransitionTime { get; init; }
}
