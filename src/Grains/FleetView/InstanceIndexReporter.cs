using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Grains.FleetView;

/// <summary>What an instance tells the index; one-way through the silo's aggregator, so no reconcile waits on it.</summary>
public static class InstanceIndexReporter
{
    /// <summary>The silo's aggregator, which batches rows for the index partitions.</summary>
    public static IInstanceIndexAggregatorGrain Aggregator(IGrainFactory grains) => grains.GetGrain<IInstanceIndexAggregatorGrain>(0);

    /// <summary>Reports the new status when sync, health, revision or the first problem changed.</summary>
    public static void ReportIfChanged(IInstanceIndexAggregatorGrain index, (string Application, string Cluster) instance, InstanceStatus previous, InstanceStatus current, DateTimeOffset now)
    {
        var (application, cluster) = instance;
        var before = InstanceRows.Of(application, cluster, previous.Sync, previous.Health, previous.Revision, previous.Conditions, now);
        var after = InstanceRows.Of(application, cluster, current.Sync, current.Health, current.Revision, current.Conditions, now);
        if (InstanceRows.Differ(before, after))
        {
            _ = index.ReportAsync(after);
        }
    }

    /// <summary>Reports that the instance retired: its row goes.</summary>
    public static void ReportRetired(IInstanceIndexAggregatorGrain index, (string Application, string Cluster) instance, DateTimeOffset now)
    {
        var (application, cluster) = instance;
        _ = index.ReportAsync(new InstanceRow { Application = application, Cluster = cluster, ChangedAt = now, Removed = true });
    }
}
