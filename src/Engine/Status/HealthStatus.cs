namespace Fleet.Engine.Status;

/// <summary>
/// Health of an object, an application instance, a cluster or the fleet. Ordered from best to worst: when several
/// statuses combine, the worst wins.
/// </summary>
public enum HealthStatus
{
    /// <summary>Everything is as desired and working.</summary>
    Healthy = 0,

    /// <summary>Deliberately paused or suspended (a paused Deployment, a suspended CronJob).</summary>
    Suspended = 1,

    /// <summary>Not yet healthy but moving towards it (a rollout in progress, a volume being bound).</summary>
    Progressing = 2,

    /// <summary>Declared in Git but absent from the cluster.</summary>
    Missing = 3,

    /// <summary>Failed or stuck (a rollout past its deadline, a failed Job).</summary>
    Degraded = 4,

    /// <summary>Cannot be judged (the cluster is unreachable, the state is not known yet).</summary>
    Unknown = 5,
}

/// <summary>Whether the live state matches what Git declares.</summary>
public enum SyncStatus
{
    /// <summary>Not known (never compared, or the cluster is unreachable).</summary>
    Unknown = 0,

    /// <summary>Live matches desired.</summary>
    Synced = 1,

    /// <summary>Live differs from desired.</summary>
    OutOfSync = 2,
}
