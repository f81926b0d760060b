using Fleet.Grains.Applications;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Runtime;

namespace Fleet.Grains.FleetView;

/// <summary>What an instance tells the index; one-way through the silo's aggregator, so no reconcile waits on it.</summary>
public static class InstanceIndexReporter
{
    /// <summary>Reports the new status when sync, health, revision or the first problem changed.</summary>
    public static void ReportIfChanged(IGrainFactory grains, string instanceKey, InstanceStatus previous, InstanceStatus current, DateTimeOffset now)
    {
        var (application, cluster) = InstanceKey.Split(instanceKey);
        var before = InstanceRows.Of(application, cluster, previous.Sync, previous.Health, previous.Revision, previous.Conditions, now);
        var after = InstanceRows.Of(application, cluster, current.Sync, current.Health, current.Revision, current.Conditions, now);
        if (InstanceRows.Differ(before, after))
        {
            _ = grains.GetGrain<IInstanceIndexAggregatorGrain>(0).ReportAsync(after);
        }
    }

    /// <summary>Reports that the instance retired: its row goes.</summary>
    public static void ReportRetired(IGrainFactory grains, string instanceKey, DateTimeOffset now)
    {
        var (application, cluster) = InstanceKey.Split(instanceKey);
        _ = grains.GetGrain<IInstanceIndexAggregatorGrain>(0).ReportAsync(new InstanceRow { Application = application, Cluster = cluster, ChangedAt = now, Removed = true });
    }
}
