namespace Fleet.Engine.Status;

/// <summary>The observable status of an instance; compared as a whole to decide whether anything must be written.</summary>
public sealed record InstanceStatus
{
    public string? Revision { get; init; }
    public SyncStatus Sync { get; init; }
    public HealthStatus Health { get; init; } = HealthStatus.Unknown;
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
    public IReadOnlyList<ResourceStatus> Resources { get; init; } = [];

    /// <summary>Equality by value, lists included, so an unchanged status is never written.</summary>
    public bool SameAs(InstanceStatus other) =>
        Revision == other.Revision && Sync == other.Sync && Health == other.Health
        && Conditions.SequenceEqual(other.Conditions) && Resources.Count == other.Resources.Count
        && Resources.Zip(other.Resources).All(p => p.First with { Diff = [] } == p.Second with { Diff = [] } && p.First.Diff.SequenceEqual(p.Second.Diff));
}
