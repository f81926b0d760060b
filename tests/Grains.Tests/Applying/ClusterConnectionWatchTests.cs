using Fleet.Reconciler.Kubernetes;
using Fleet.Simulator.Model;
using Fleet.Simulator.Storage;
using static Fleet.Grains.Tests.Watching.WatchRecorder;

namespace Fleet.Grains.Tests.Applying;

[Collection(SimulatorCollection.Name)]
public sealed class ClusterConnectionWatchTests(SimulatorFixture simulator)
{
    [Fact]
    public async Task WatchAsync_ExistingAndNewObjects_ReportsAddedSyncedModifiedDeleted()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        await connection.ApplyAsync(Manifests.ConfigMap("before"), "fleet", false, false, CancellationToken.None);
        await using var watch = Start(connection, "v1", "ConfigMap");

        var initial = await watch.ReadUntilAsync(Is(WatchChangeType.Synced), "initial Synced");
        await connection.ApplyAsync(Manifests.ConfigMap("after"), "fleet", false, false, CancellationToken.None);
        await watch.ReadUntilAsync(Is(WatchChangeType.Added, "after"), "Added for the new object");
        await connection.ApplyAsync(Manifests.ConfigMap("before", value: "2"), "fleet", false, false, CancellationToken.None);
        var modified = (await watch.ReadUntilAsync(Is(WatchChangeType.Modified, "before"), "Modified")).Last();
        await connection.DeleteAsync("v1", "ConfigMap", "default", "before", CancellationToken.None);
        await watch.ReadUntilAsync(Is(WatchChangeType.Deleted, "before"), "Deleted");

        Assert.Equal([WatchChangeType.Added, WatchChangeType.Synced], initial.Select(c => c.Type));
        Assert.Equal("before", Manifests.Name(initial[0].Object));
        Assert.Equal("ConfigMap", initial[0].Object!["kind"]!.GetValue<string>());
        Assert.Equal("2", Manifests.Data(modified.Object!));
    }

    [Fact]
    public async Task WatchAsync_WhileStreaming_CountsAsAnOpenWatchUntilStopped()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        var watch = Start(connection, "v1", "ConfigMap");
        await watch.ReadUntilAsync(Is(WatchChangeType.Synced), "initial Synced");

        await Poll.UntilAsync(() => Task.FromResult(connection.OpenWatches == 1 ? (object)true : null), TimeSpan.FromSeconds(10), "the stream to open");
        await watch.DisposeAsync();

        Assert.Equal(0, connection.OpenWatches);
    }

    [Fact]
    public async Task WatchAsync_LabelSelector_ReportsOnlyMatchingObjects()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;
        await connection.ApplyAsync(Manifests.ConfigMap("other", label: "theirs"), "fleet", false, false, CancellationToken.None);
        await using var watch = Start(connection, "v1", "ConfigMap", "test=mine");

        var initial = await watch.ReadUntilAsync(Is(WatchChangeType.Synced), "initial Synced");
        await connection.ApplyAsync(Manifests.ConfigMap("ignored", label: "theirs"), "fleet", false, false, CancellationToken.None);
        await connection.ApplyAsync(Manifests.ConfigMap("wanted", label: "mine"), "fleet", false, false, CancellationToken.None);
        var changes = await watch.ReadUntilAsync(Is(WatchChangeType.Added, "wanted"), "Added for the matching object");

        Assert.Single(initial);
        Assert.Single(changes);
    }

    [Fact]
    public async Task WatchAsync_StreamDropped_ResumesWithoutRelisting()
    {
        var (connection, cluster) = simulator.Connect();
        using var _ = connection;
        await using var watch = Start(connection, "v1", "ConfigMap");
        await watch.ReadUntilAsync(Is(WatchChangeType.Synced), "initial Synced");
        await connection.ApplyAsync(Manifests.ConfigMap("first"), "fleet", false, false, CancellationToken.None);
        await watch.ReadUntilAsync(Is(WatchChangeType.Added, "first"), "Added before the drop");

        cluster.Close(); // the API server ends every watch stream
        await connection.ApplyAsync(Manifests.ConfigMap("first", value: "2"), "fleet", false, false, CancellationToken.None);
        var afterDrop = await watch.ReadUntilAsync(Is(WatchChangeType.Modified, "first"), "Modified after the drop");

        Assert.Single(afterDrop); // no relist: neither Added again nor Synced
    }

    [Fact]
    public async Task WatchAsync_HistoryExpiredWhileDisconnected_RelistsAndSyncsAgain()
    {
        var (connection, cluster) = simulator.Connect();
        using var _ = connection;
        await connection.ApplyAsync(Manifests.ConfigMap("gone-later"), "fleet", false, false, CancellationToken.None);
        await using var watch = Start(connection, "v1", "ConfigMap");
        await watch.ReadUntilAsync(Is(WatchChangeType.Synced), "initial Synced");
        // Synced comes from the list; the watch request follows it. Cut the stream only once it is really open.
        await Poll.UntilAsync(() => cluster.WatcherCount > 0, "the watch stream to open");

        // Disconnect the watch and keep it out while more changes happen than the server keeps (256), then let it back.
        cluster.Faults.Outage = OutageMode.ConnectionRefused;
        cluster.Close();
        var type = ResourceTypeRegistry.BuiltIn.FindKind("", "v1", "ConfigMap")!;
        for (var i = 0; i < 300; i++)
        {
            var options = new WriteOptions("out-of-band", DryRun: false, DateTimeOffset.UtcNow);
            cluster.Apply(type, "default", "churn", Manifests.ConfigMap("churn", value: i.ToString(System.Globalization.CultureInfo.InvariantCulture)), options);
        }
        cluster.Delete(type, "default", "gone-later", new WriteOptions("out-of-band", DryRun: false, DateTimeOffset.UtcNow));
        cluster.Faults.Clear();
        var relist = await watch.ReadUntilAsync(Is(WatchChangeType.Synced), "Synced after the relist");

        Assert.Equal([WatchChangeType.Relisting, WatchChangeType.Added, WatchChangeType.Synced], relist.Select(c => c.Type));
        Assert.Equal("churn", Manifests.Name(relist[1].Object));
        Assert.Equal("299", Manifests.Data(relist[1].Object!));
    }

    [Fact]
    public async Task WatchAsync_ClusterDownAtStart_WaitsAndListsOnceItIsBack()
    {
        var options = SimulatorFixture.FastOptions();
        options.MaxAttempts = 2;
        var (connection, cluster) = simulator.Connect(options);
        using var _ = connection;
        await connection.ApplyAsync(Manifests.ConfigMap("waiting"), "fleet", false, false, CancellationToken.None);
        cluster.Faults.Outage = OutageMode.Unavailable;
        await using var watch = Start(connection, "v1", "ConfigMap");

        await Poll.UntilAsync(() => Task.FromResult(connection.RequestCount >= 6 ? (object)true : null), TimeSpan.FromSeconds(10), "repeated list attempts");
        cluster.Faults.Clear();
        var initial = await watch.ReadUntilAsync(Is(WatchChangeType.Synced), "Synced once the cluster is back");

        Assert.Equal([WatchChangeType.Added, WatchChangeType.Synced], initial.Select(c => c.Type));
    }

    [Fact]
    public async Task WatchAsync_UnknownKind_ThrowsNotFound()
    {
        var (connection, _) = simulator.Connect();
        using var _ = connection;

        var error = await Assert.ThrowsAsync<KubernetesApiException>(async () =>
        {
            await foreach (var change in connection.WatchAsync("v1", "Gizmo", null, CancellationToken.None))
            {
                Assert.Fail($"unexpected {change.Type}");
            }
        });

        Assert.Equal(404, error.Code);
    }
}
