using Fleet.Engine.Status;
using Fleet.Grains.FleetView;
using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Grains.Tests.FleetView;

/// <summary>The pure index a partition keeps: ordering, replacement, removal, filters and paging.</summary>
public sealed class InstanceIndexTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static InstanceRow Row(string application, string cluster, HealthStatus health = HealthStatus.Healthy, SyncStatus sync = SyncStatus.Synced, int second = 0, bool removed = false) =>
        new() { Application = application, Cluster = cluster, Health = health, Sync = sync, ChangedAt = T0.AddSeconds(second), Removed = removed };

    [Fact]
    public void Apply_NewerRowAndRemoval_ReplacesThenDrops()
    {
        var index = new InstanceIndex();

        index.Apply(Row("a", "c1"));
        index.Apply(Row("a", "c1", HealthStatus.Degraded, second: 2));
        var afterUpdate = index.Get("a", "c1");
        var olderLost = !index.Apply(Row("a", "c1", HealthStatus.Healthy, second: 1));
        index.Apply(Row("a", "c1", second: 3, removed: true));

        Assert.Equal(HealthStatus.Degraded, afterUpdate!.Health);
        Assert.True(olderLost);
        Assert.Null(index.Get("a", "c1"));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Query_WalkWithLimit_ReturnsEveryMatchOnceInOrder()
    {
        var index = new InstanceIndex();
        var expected = new List<(string, string)>();
        foreach (var application in new[] { "b", "a", "c" })
        {
            foreach (var cluster in new[] { "z", "x", "y" })
            {
                index.Apply(Row(application, cluster));
            }
        }
        foreach (var application in new[] { "a", "b", "c" })
        {
            foreach (var cluster in new[] { "x", "y", "z" })
            {
                expected.Add((application, cluster));
            }
        }

        var seen = new List<(string, string)>();
        InstanceKeyPosition? after = null;
        var pages = 0;
        while (true)
        {
            var page = index.Query(new InstanceQuery { Limit = 4, After = after }, null);
            Assert.Equal(9, page.Total);
            seen.AddRange(page.Rows.Select(r => (r.Application, r.Cluster)));
            pages++;
            if (page.Remaining <= page.Rows.Count)
            {
                break;
            }
            after = new InstanceKeyPosition(page.Rows[^1].Application, page.Rows[^1].Cluster);
        }

        Assert.Equal(expected, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public void Query_Filters_AllMustHold()
    {
        var index = new InstanceIndex();
        index.Apply(Row("a", "prod-1", HealthStatus.Degraded));
        index.Apply(Row("a", "dev-1", HealthStatus.Degraded));
        index.Apply(Row("b", "prod-1", HealthStatus.Healthy, SyncStatus.OutOfSync));
        index.Apply(Row("b", "prod-2", HealthStatus.Degraded, SyncStatus.OutOfSync));

        var degradedInProd = index.Query(new InstanceQuery { Health = HealthStatus.Degraded }, new HashSet<string> { "prod-1", "prod-2" });
        var outOfSyncOfB = index.Query(new InstanceQuery { Application = "b", Sync = SyncStatus.OutOfSync }, null);
        var oneCluster = index.Query(new InstanceQuery { Cluster = "prod-1" }, null);

        Assert.Equal([("a", "prod-1"), ("b", "prod-2")], degradedInProd.Rows.Select(r => (r.Application, r.Cluster)));
        Assert.Equal(2, outOfSyncOfB.Total);
        Assert.Equal(["a", "b"], oneCluster.Rows.Select(r => r.Application));
    }

    [Fact]
    public void CountByApplication_SumsRowsPerApplication()
    {
        var index = new InstanceIndex();
        index.Apply(Row("a", "c1", HealthStatus.Degraded, SyncStatus.OutOfSync));
        index.Apply(Row("a", "c2"));
        index.Apply(Row("b", "c1"));

        var counts = index.CountByApplication();

        Assert.Equal(2, counts["a"].Total);
        Assert.Equal(1, counts["a"].Degraded);
        Assert.Equal(1, counts["a"].Healthy);
        Assert.Equal(1, counts["a"].OutOfSync);
        Assert.Equal(1, counts["a"].Synced);
        Assert.Equal(0, counts["a"].Unknown);
        Assert.Equal(1, counts["b"].Total);
        Assert.Equal(1, counts["b"].Healthy);
    }

    [Fact]
    public void Merge_SortedPartitionPages_InterleavesAndCutsAtTheLimit()
    {
        var one = new InstancePage { Rows = [Row("a", "1"), Row("c", "1")], Total = 5, Remaining = 3 };
        var two = new InstancePage { Rows = [Row("b", "1"), Row("d", "1")], Total = 2, Remaining = 2 };

        var merged = InstanceQueryGrain.Merge([one, two], 3);

        Assert.Equal(["a", "b", "c"], merged.Rows.Select(r => r.Application));
        Assert.Equal(7, merged.Total);
        Assert.Equal(5, merged.Remaining);
    }

    [Fact]
    public void PartitionOf_SameKey_IsStableAndSpreads()
    {
        var partitions = Enumerable.Range(0, 400).Select(i => InstanceRows.PartitionNumber($"app-{i % 20}", $"cluster-{i}")).ToList();

        Assert.Equal(InstanceRows.PartitionOf("guestbook", "prod"), InstanceRows.PartitionOf("guestbook", "prod"));
        Assert.Equal(InstanceRows.Partitions, partitions.Distinct().Count());
        Assert.All(partitions.GroupBy(p => p), g => Assert.InRange(g.Count(), 20, 90));
    }

    [Fact]
    public void FirstNotOk_SkipsGoodAndInformationalConditions()
    {
        Condition Make(string type, string status, string reason) => new() { Type = type, Status = status, Reason = reason, Message = reason + " happened" };

        var problem = InstanceRows.FirstNotOk([Make("Synced", "True", "SyncSucceeded"), Make("Pinned", "True", "RolledBack"), Make("Healthy", "False", "ProgressDeadlineExceeded")]);
        var none = InstanceRows.FirstNotOk([Make("Synced", "True", "SyncSucceeded")]);

        Assert.Equal("ProgressDeadlineExceeded", problem!.Reason);
        Assert.Null(none);
    }
}
