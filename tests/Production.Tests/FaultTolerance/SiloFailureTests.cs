using Fleet.Production.Tests.Infrastructure;
using Fleet.Simulator.Model;

namespace Fleet.Production.Tests.FaultTolerance;

/// <summary>Silos dying or leaving while syncs are in flight, on three real silo processes sharing one Redis.</summary>
public sealed class SiloFailureTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KillSilo_DuringSyncAcrossManyClusters_SurvivorsConvergeWithoutDuplicateHistory()
    {
        await using var plane = await ControlPlane.StartAsync(siloCount: 3);
        using var client = plane.Client(silo: 0);
        var (application, _, clusters) = await plane.DeployAsync(client, clusterCount: 20, prefix: "kill");
        await ControlPlane.WaitConvergedAsync(client, application, clusters.Count, plane.Repository.Commit("noop"), Converge);
        foreach (var cluster in clusters)
        {
            plane.Simulator.Cluster(cluster).Faults.Latency = TimeSpan.FromMilliseconds(1500);
        }
        // Latency keeps the syncs in flight when the silo dies. Two more objects, applied before "settings" (same
        // wave, ordered by name), make each sync three applies in a row: the first one landing leaves ~3 s until the
        // version is written, so the kill below lands mid-sync even on a slow machine.
        var requestsBefore = clusters.Sum(c => plane.Simulator.Cluster(c).ObjectRequestCount);
        foreach (var padding in new[] { "aa-padding-1", "aa-padding-2" })
        {
            plane.Repository.WriteFile($"app/{padding}.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {padding}\ndata:\n  purpose: slows the sync down\n");
        }
        ControlPlane.WriteVersion(plane.Repository, 2);
        var second = plane.Repository.Commit("version 2");
        using (var refresh = await client.PostAsync($"api/v1/repositories/{ApplicationRepository(application)}/refresh", null))
        {
            await ControlPlane.EnsureAsync(refresh);
        }

        // Kill as soon as the clusters see the first calls of the new sync: with the latency, the syncs are in flight.
        await WaitSyncStartedAsync(plane, clusters, requestsBefore);
        // (The API cannot show this: a read waits for the instance's reconcile to finish. The clusters can.)
        var appliedAtKill = clusters.Count(c => Version(plane, c) == "2");
        await plane.Silos[2].KillAsync();
        Assert.True(appliedAtKill < clusters.Count, "every cluster had the new revision before the kill: the test did not kill mid-sync");
        foreach (var cluster in clusters)
        {
            plane.Simulator.Cluster(cluster).Faults.Latency = TimeSpan.Zero;
        }
        await ControlPlane.WaitConvergedAsync(client, application, clusters.Count, second, Converge);
        foreach (var cluster in clusters)
        {
            await ControlPlane.AssertHistoryAsync(client, application, cluster, second);
        }

        // A commit after the kill still reaches every instance through the survivors' timers and reminders.
        ControlPlane.WriteVersion(plane.Repository, 3);
        var third = plane.Repository.Commit("version 3");
        await ControlPlane.WaitConvergedAsync(client, application, clusters.Count, third, Converge);
        foreach (var cluster in clusters)
        {
            await ControlPlane.AssertHistoryAsync(client, application, cluster, third);
            Assert.Equal("3", Version(plane, cluster));
        }
    }

    [Fact]
    public async Task StopSiloGracefully_DuringSync_SyncCompletesElsewhereWithoutDuplicateHistory()
    {
        await using var plane = await ControlPlane.StartAsync(siloCount: 3);
        using var client = plane.Client(silo: 0);
        var (application, repository, clusters) = await plane.DeployAsync(client, clusterCount: 6, prefix: "term");
        await ControlPlane.WaitConvergedAsync(client, application, clusters.Count, plane.Repository.Commit("noop"), Converge);
        foreach (var cluster in clusters)
        {
            plane.Simulator.Cluster(cluster).Faults.Latency = TimeSpan.FromMilliseconds(1000);
        }
        ControlPlane.WriteVersion(plane.Repository, 2);
        var second = plane.Repository.Commit("version 2");
        using (var refresh = await client.PostAsync($"api/v1/repositories/{repository}/refresh", null))
        {
            await ControlPlane.EnsureAsync(refresh);
        }

        // Every apply now waits a second in the cluster: stopping right after the refresh catches the syncs in flight.
        var appliedAtStop = clusters.Count(c => Version(plane, c) == "2");
        await plane.Silos[1].StopGracefullyAsync(TimeSpan.FromSeconds(30));
        Assert.True(appliedAtStop < clusters.Count, "every cluster had the new revision before the stop: the test did not stop mid-sync");
        foreach (var cluster in clusters)
        {
            plane.Simulator.Cluster(cluster).Faults.Latency = TimeSpan.Zero;
        }

        await ControlPlane.WaitConvergedAsync(client, application, clusters.Count, second, Converge);
        foreach (var cluster in clusters)
        {
            await ControlPlane.AssertHistoryAsync(client, application, cluster, second);
        }
    }

    /// <summary>Waits until the clusters received more object requests than <paramref name="before"/>: a sync has begun.</summary>
    private static async Task WaitSyncStartedAsync(ControlPlane plane, List<string> clusters, long before)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (clusters.Sum(c => plane.Simulator.Cluster(c).ObjectRequestCount) <= before)
        {
            Assert.True(DateTime.UtcNow < until, "no sync of the new revision began");
            await Task.Delay(10);
        }
    }

    private static string? Version(ControlPlane plane, string cluster) =>
        plane.Simulator.Cluster(cluster).Get(BuiltInTypes.ConfigMap, "default", "settings")?.ToNode()["data"]?["version"]?.GetValue<string>();

    private static string ApplicationRepository(string application) => "repo-" + application["app-".Length..];
}
