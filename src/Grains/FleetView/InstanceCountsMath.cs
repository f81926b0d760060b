using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Clusters;

namespace Fleet.Grains.FleetView;

/// <summary>Builds and sums <see cref="InstanceCounts"/>.</summary>
public static class InstanceCountsMath
{
    /// <summary>The counts of one instance with this sync and health.</summary>
    public static InstanceCounts Of(SyncStatus sync, HealthStatus health) => new()
    {
        Total = 1,
        Synced = sync == SyncStatus.Synced ? 1 : 0,
        OutOfSync = sync == SyncStatus.OutOfSync ? 1 : 0,
        SyncUnknown = sync == SyncStatus.Unknown ? 1 : 0,
        Healthy = health == HealthStatus.Healthy ? 1 : 0,
        Suspended = health == HealthStatus.Suspended ? 1 : 0,
        Progressing = health == HealthStatus.Progressing ? 1 : 0,
        Missing = health == HealthStatus.Missing ? 1 : 0,
        Degraded = health == HealthStatus.Degraded ? 1 : 0,
        Unknown = health == HealthStatus.Unknown ? 1 : 0,
    };

    public static InstanceCounts Sum(IEnumerable<InstanceCounts> counts)
    {
        var sum = new InstanceCounts();
        foreach (var c in counts)
        {
            sum = new InstanceCounts
            {
                Total = sum.Total + c.Total,
                Synced = sum.Synced + c.Synced,
                OutOfSync = sum.OutOfSync + c.OutOfSync,
                SyncUnknown = sum.SyncUnknown + c.SyncUnknown,
                Healthy = sum.Healthy + c.Healthy,
                Suspended = sum.Suspended + c.Suspended,
                Progressing = sum.Progressing + c.Progressing,
                Missing = sum.Missing + c.Missing,
                Degraded = sum.Degraded + c.Degraded,
                Unknown = sum.Unknown + c.Unknown,
            };
        }
        return sum;
    }
}
