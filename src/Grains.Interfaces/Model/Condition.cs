namespace Fleet.Grains.Interfaces.Model;

/// <summary>
/// One observation about an object's state, as Kubernetes conditions are: a type, whether it holds, a machine
/// reason, and one sentence a person can act on.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.Condition")]
public sealed record Condition
{
    [Id(0)] public required string Type { get; init; }
    [Id(1)] public required string Status { get; init; }
    [Id(2)] public required string Reason { get; init; }
    [Id(3)] public required string Message { get; init; }
    [Id(4)] public DateTimeOffset LastTransitionTime { get; init; }
}
