namespace Fleet.Engine.Reconciliation;

/// <summary>How the host carried out a <see cref="SyncPlan"/>: how far it got and, when it stopped, why.</summary>
public sealed record SyncOutcome
{
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Objects applied before the sync ended or stopped.</summary>
    public int Applied { get; init; }

    /// <summary>Objects deleted before the sync ended or stopped.</summary>
    public int Pruned { get; init; }

    /// <summary>Why the sync stopped (the cluster's answer, naming the object); null when it completed.</summary>
    public string? Error { get; init; }

    /// <summary>True when <see cref="Error"/> is a hook's failure rather than the cluster's answer to an apply.</summary>
    public bool HookFailed { get; init; }

    public bool Succeeded => Error is null;
}
