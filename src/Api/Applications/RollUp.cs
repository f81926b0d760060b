using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Clusters;

namespace Fleet.Api.Applications;

/// <summary>An application's sync and health from its instance counts: the worst instance wins.</summary>
public static class RollUp
{
    /// <summary>OutOfSync if any instance is; Unknown if any is unknown or there is none; Synced otherwise.</summary>
    public static SyncStatus Sync(InstanceCounts counts) =>
        counts.Total == 0 || (counts.OutOfSync == 0 && counts.SyncUnknown > 0) ? SyncStatus.Unknown
        : counts.OutOfSync > 0 ? SyncStatus.OutOfSync
        : SyncStatus.Synced;

    /// <summary>The worst health any instance has; Unknown when there is no instance.</summary>
    public static HealthStatus Health(InstanceCounts counts) =>
        counts.Total == 0 || counts.Unknown > 0 ? HealthStatus.Unknown
        : counts.Degraded > 0 ? HealthStatus.Degraded
        : counts.Missing > 0 ? HealthStatus.Missing
        : counts.Progressing > 0 ? HealthStatus.Progressing
        : counts.Suspended > 0 ? HealthStatus.Suspended
        : HealthStatus.Healthy;
}
