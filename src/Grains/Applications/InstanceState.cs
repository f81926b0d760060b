using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Model;
using Fleet.Grains.Runtime;

namespace Fleet.Grains.Applications;

/// <summary>
/// Persisted state of an application instance: what it deploys, what it last applied (and so owns), its status and
/// its bounded sync history. Live objects are not persisted: they come back from the cluster after a restart.
/// </summary>
[GenerateSerializer]
public sealed class InstanceState
{
    [Id(0)] public InstanceSpec? Spec { get; set; }
    [Id(1)] public Pin? Pin { get; set; }
    [Id(2)] public string? AppliedCommit { get; set; }
    [Id(3)] public string? AppliedRenderKey { get; set; }

    /// <summary>Every object Fleet applied for this instance and has not deleted: what prune may remove.</summary>
    [Id(4)] public List<ObjectRef> Tracked { get; set; } = [];

    [Id(5)] public InstanceStatus Status { get; set; } = new();
    [Id(6)] public List<SyncRecord> History { get; set; } = [];
    [Id(7)] public long NextSyncId { get; set; } = 1;
}

/// <summary>The observable status of an instance; compared as a whole to decide whether anything must be written.</summary>
[GenerateSerializer, Immutable, Alias("fleet.InstanceStatus")]
public sealed record InstanceStatus
{
    [Id(0)] public string? Revision { get; init; }
    [Id(1)] public SyncStatus Sync { get; init; }
    [Id(2)] public HealthStatus Health { get; init; } = HealthStatus.Unknown;
    [Id(3)] public IReadOnlyList<Condition> Conditions { get; init; } = [];
    [Id(4)] public IReadOnlyList<ResourceStatus> Resources { get; init; } = [];

    /// <summary>Equality by value, lists included, so an unchanged status is never written.</summary>
    public bool SameAs(InstanceStatus other) =>
        Revision == other.Revision && Sync == other.Sync && Health == other.Health
        && Conditions.SequenceEqual(other.Conditions) && Resources.Count == other.Resources.Count
        && Resources.Zip(other.Resources).All(p => p.First with { Diff = [] } == p.Second with { Diff = [] } && p.First.Diff.SequenceEqual(p.Second.Diff));
}
