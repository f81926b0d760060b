namespace Fleet.Engine.Reconciliation;

/// <summary>What started a reconcile.</summary>
public enum TriggerKind
{
    /// <summary>A resync, a new revision or a watch event: the sync policy decides.</summary>
    Automatic,

    /// <summary>An operator asked for a sync: it applies whatever the policy says.</summary>
    Manual,

    /// <summary>An operator rolled back to a revision: a manual sync of the pinned revision.</summary>
    Rollback,
}

/// <summary>Why a reconcile runs and who asked.</summary>
public sealed record SyncTrigger(TriggerKind Kind, string InitiatedBy)
{
    /// <summary>The trigger of every reconcile nobody asked for.</summary>
    public static SyncTrigger Automatic { get; } = new(TriggerKind.Automatic, "auto");

    /// <summary>True when a person asked for this sync: it applies whatever the policy says.</summary>
    public bool Manual => Kind != TriggerKind.Automatic;

    /// <summary>
    /// The person asked to prune too. A manual sync prunes only when the policy or the request says so: an operator
    /// who syncs (or rolls back) an application whose policy keeps orphans must not delete them by surprise.
    /// </summary>
    public bool Prune { get; init; }
}
