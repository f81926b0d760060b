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

    /// <summary>True when both say the same (type, status, reason and message), whenever each was observed.</summary>
    public bool Holds(Condition other) =>
        Type == other.Type && Status == other.Status && Reason == other.Reason && Message == other.Message;
}
