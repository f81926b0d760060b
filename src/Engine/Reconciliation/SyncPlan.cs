using Fleet.Engine.Diff;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Reconciliation;

/// <summary>
/// What a reconcile will do, decided before anything is written to the cluster: how every desired object compares,
/// which objects Git dropped, whether to sync at all, and if so what to apply and prune, in order.
/// </summary>
public sealed record SyncPlan
{
    /// <summary>How each desired object compares with its live counterpart (not compared yet counts as differing).</summary>
    public required IReadOnlyDictionary<ObjectRef, ObjectDiff> Diffs { get; init; }

    /// <summary>Tracked objects Git no longer declares.</summary>
    public required IReadOnlyList<ObjectRef> Orphans { get; init; }

    /// <summary>Live differs from Git: an object differs, or an orphan waits for a prune the policy allows.</summary>
    public required bool OutOfSync { get; init; }

    /// <summary>The render differs from the last one applied.</summary>
    public required bool RenderChanged { get; init; }

    /// <summary>True when this reconcile syncs: <see cref="Apply"/> and <see cref="Prune"/> are carried out.</summary>
    public required bool Sync { get; init; }

    /// <summary>Why the sync runs (<see cref="Status.Reasons.ManualSync"/>, RevisionChanged or SelfHeal); null without a sync.</summary>
    public string? Reason { get; init; }

    /// <summary>The desired objects to apply, in dependency order (namespaces and CRDs first).</summary>
    public IReadOnlyList<ObjectRef> Apply { get; init; } = [];

    /// <summary>The orphans to delete, in reverse dependency order; empty unless the policy or the trigger prunes.</summary>
    public IReadOnlyList<ObjectRef> Prune { get; init; } = [];

    /// <summary>
    /// True when this plan brings every wave to Git's state (a single wave always does): only then does the sync
    /// prune and count as the render applied. A plan of an earlier wave leaves the later ones to the next reconcile.
    /// </summary>
    public bool Complete { get; init; } = true;

    /// <summary>The wave whose objects must become healthy before the next wave is applied; null when none waits.</summary>
    public int? WaitingForWave { get; init; }

    /// <summary>Hooks to create in this step, after <see cref="Apply"/>; never tracked.</summary>
    public IReadOnlyList<HookRun> Hooks { get; init; } = [];

    /// <summary>Hook objects to delete before anything else (their delete policy says so); absent ones are no error.</summary>
    public IReadOnlyList<ObjectRef> HookDeletes { get; init; } = [];

    /// <summary>The sync operation with hooks as it stands after this plan (the host keeps it); null without hooks.</summary>
    public SyncOperation? Operation { get; init; }

    /// <summary>What the operation waits for before its next step (a hook to complete, objects to become healthy).</summary>
    public string? Waiting { get; init; }

    /// <summary>Why the operation failed, when this plan is the one that found out (a hook failed); the host records it.</summary>
    public string? Failure { get; init; }

    /// <summary>Orphans applied with <c>Prune=false</c>: Fleet stops tracking them and leaves them in the cluster.</summary>
    public IReadOnlyList<ObjectRef> Release { get; init; } = [];

    /// <summary>Desired objects another application owns: while there is any, the plan applies nothing.</summary>
    public IReadOnlyList<OwnershipConflict> Conflicts { get; init; } = [];

    /// <summary>True when live state drifted while the applied render is still current (Git did not move).</summary>
    public bool Drifted => OutOfSync && !RenderChanged;
}
