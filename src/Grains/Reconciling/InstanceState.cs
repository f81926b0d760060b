using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Kubernetes.Objects;

namespace Fleet.Grains.Reconciling;

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

    /// <summary>Tracked objects applied with Prune=false: never deleted, let go when Git drops them.</summary>
    [Id(8)] public HashSet<ObjectRef> Kept { get; set; } = [];

    /// <summary>The last sync operation with hooks (in progress or ended): hooks run once per operation, restarts or not.</summary>
    [Id(9)] public SyncOperation? Operation { get; set; }
}
