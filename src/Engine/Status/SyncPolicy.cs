namespace Fleet.Engine.Status;

/// <summary>What Fleet may do on its own for an application.</summary>
public sealed record SyncPolicy
{
    /// <summary>Sync when Git changes; without it, only a manual sync applies.</summary>
    public bool Automated { get; init; }

    /// <summary>Delete objects Fleet created that Git no longer declares.</summary>
    public bool Prune { get; init; }

    /// <summary>Re-apply when the live state drifts from Git.</summary>
    public bool SelfHeal { get; init; }
}
