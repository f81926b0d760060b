using Fleet.Engine.Planning;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Reconciliation;

/// <summary>Where a sync operation with hooks stands.</summary>
public enum OperationPhase
{
    PreSync,
    Sync,
    PostSync,
    SyncFail,
    Succeeded,
    Failed,
}

/// <summary>
/// One run of a hook in an operation: the hook as the render names it (its generateName when it has no name), the
/// object Fleet created for it, the phase it ran in and when Fleet deletes it.
/// </summary>
public sealed record HookRun(ObjectRef Hook, ObjectRef Live, HookPhase Phase, HookDeletePolicy DeletePolicy);

/// <summary>
/// A sync operation of a render that has hooks: started by a new render under an automated policy or by a person,
/// carried through its phases over several reconciles (hooks and waves take time), and ended Succeeded or Failed.
/// The host keeps it in durable state, so hooks run once per operation whatever restarts in between.
/// </summary>
public sealed record SyncOperation
{
    /// <summary>Numbers the instance's operations: part of generated hook names, so each operation runs its hooks anew.</summary>
    public required long Id { get; init; }

    /// <summary>The render the operation syncs: a new render starts a new operation.</summary>
    public required string RenderKey { get; init; }

    /// <summary>Who started it (<c>auto</c> for a new render under an automated policy).</summary>
    public required string InitiatedBy { get; init; }

    public required OperationPhase Phase { get; init; }

    /// <summary>The hooks created so far, in the order they were started.</summary>
    public IReadOnlyList<HookRun> Runs { get; init; } = [];

    /// <summary>Why the operation failed (the hook and its message, or the cluster's answer to an apply); null while it has not.</summary>
    public string? Failure { get; init; }

    /// <summary>The reason of the failure: <see cref="Status.Reasons.HookFailed"/> or <see cref="Status.Reasons.SyncFailed"/>.</summary>
    public string? FailureReason { get; init; }

    public bool Finished => Phase is OperationPhase.Succeeded or OperationPhase.Failed;

    /// <summary>The operation after an apply or a prune the cluster refused: its SyncFail hooks run next.</summary>
    public SyncOperation ApplyFailed(string error) => Finished || Failure is not null ? this
        : this with { Phase = OperationPhase.SyncFail, Failure = error, FailureReason = Status.Reasons.SyncFailed };
}
