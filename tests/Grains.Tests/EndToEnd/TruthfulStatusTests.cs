using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Simulator.Model;
using Fleet.Simulator.Storage;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>What an instance reports is what is live: shared objects, deletions nobody saw, manual syncs.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class TruthfulStatusTests(FleetCluster fleet)
{
    private static Dictionary<string, string> App() => new()
    {
        ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one"),
        ["app/service.yaml"] = SampleManifests.Service("web"),
    };

    [Fact]
    public async Task SecondApplicationOnTheSameObjects_IsRefusedAndTheFirstKeepsThem()
    {
        var first = new GitOpsScenario(fleet);
        var commit = await first.CreateRepositoryAsync(App());
        var cluster = await first.AddClusterAsync();
        await first.PutApplicationAsync();
        await first.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        var second = new GitOpsScenario(fleet);
        await fleet.Grains.GetGrain<IApplicationGrain>(second.Application).PutAsync(new ApplicationSpec
        {
            Repository = first.RepositoryName,
            Path = "app",
            Destination = new Destination { Clusters = [cluster] },
            SyncPolicy = new SyncPolicy { Automated = true, Prune = true, SelfHeal = true },
        });
        var refused = await second.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Reason == Reasons.OwnedByAnotherApplication));
        var settings = await first.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings");

        var condition = refused!.Conditions.Single(c => c.Type == ConditionTypes.Synced);
        Assert.Equal("False", condition.Status);
        Assert.Contains($"belongs to application {first.Application}", condition.Message, StringComparison.Ordinal);
        Assert.Equal(first.Application, settings!["metadata"]!["labels"]!["fleet.dev/application"]!.GetValue<string>());
        Assert.Empty(refused.History);

        // Deleting the refused application deletes nothing of the first one's.
        Assert.True(await fleet.Grains.GetGrain<IApplicationGrain>(second.Application).DeleteAsync(cascade: true));
        var still = await first.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings");
        var view = await first.InstanceAsync(cluster);
        Assert.NotNull(still);
        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
    }

    [Fact]
    public async Task ObjectDeletedWhileTheWatchWasAway_IsNoticedAfterTheRelist()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync(selfHeal: false);
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v));
        var simulated = fleet.Simulator.Cluster(cluster);
        await EventuallyAsync(() => Task.FromResult(simulated.WatcherCount), count => count > 0);

        // The watches are cut while more changes happen than the API server keeps, so they must list again; the
        // Service Fleet manages is deleted meanwhile and no watch sees a DELETED event for it.
        simulated.Faults.Outage = OutageMode.ConnectionRefused;
        simulated.Close();
        var configMaps = ResourceTypeRegistry.BuiltIn.FindKind("", "v1", "ConfigMap")!;
        var services = ResourceTypeRegistry.BuiltIn.FindKind("", "v1", "Service")!;
        for (var i = 0; i < 300; i++)
        {
            simulated.Apply(configMaps, "default", "churn", System.Text.Json.Nodes.JsonNode.Parse(
                $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"churn","namespace":"default"},"data":{"i":"{{{i}}}"} }""")!.AsObject(),
                new WriteOptions("out-of-band", DryRun: false, DateTimeOffset.UtcNow));
        }
        simulated.Delete(services, "default", "web", new WriteOptions("out-of-band", DryRun: false, DateTimeOffset.UtcNow));
        simulated.Faults.Clear();

        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Resources.Any(r => r.Kind == "Service" && r.Health == HealthStatus.Missing));

        var service = view!.Resources.Single(r => r.Kind == "Service");
        Assert.Equal((SyncStatus.OutOfSync, HealthStatus.Missing), (service.Sync, service.Health));
        Assert.Equal(SyncStatus.OutOfSync, view.Sync);
    }

    [Fact]
    public async Task RenderFailure_IsAnEventNamingTheFile()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));
        var journal = fleet.Grains.EventJournal();
        var since = await journal.GetLastSequenceAsync();

        scenario.Repository.WriteFile("app/broken.yaml", "broken: [unclosed\n");
        await scenario.CommitAsync("broken");
        var failed = await EventuallyAsync(
            async () => (await journal.ReadAsync(since, 1000, TimeSpan.Zero)).Events.FirstOrDefault(e => e.Application == scenario.Application && e.Kind == FleetEventKind.RenderFailed),
            e => e is not null);

        Assert.NotNull(failed);
        Assert.Equal((cluster, Reasons.InvalidManifests), (failed!.Cluster, failed.Reason));
        Assert.Contains("app/broken.yaml", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedObject_DriftEventSaysItIsMissing()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync(selfHeal: false);
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v));
        var journal = fleet.Grains.EventJournal();
        var since = await journal.GetLastSequenceAsync();

        using (var deleted = await GitOpsScenario.Http.DeleteAsync(fleet.Simulator.ClusterUrl(cluster) + "/api/v1/namespaces/default/services/web"))
        {
            Assert.True(deleted.IsSuccessStatusCode);
        }
        var drift = await EventuallyAsync(
            async () => (await journal.ReadAsync(since, 1000, TimeSpan.Zero)).Events.FirstOrDefault(e => e.Application == scenario.Application && e.Kind == FleetEventKind.DriftDetected),
            e => e is not null);

        Assert.NotNull(drift);
        Assert.StartsWith("Service/web is missing from the cluster", drift!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualSync_WhenNothingDiffers_AppliesAndRecordsIt()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync(automated: false);
        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).SyncAsync("alice", prune: false);
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).SyncAsync("bob", prune: false);
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.History.Any(h => h.InitiatedBy == "bob"));

        var record = view!.History.First(h => h.InitiatedBy == "bob");
        Assert.Equal((SyncResults.Succeeded, 2), (record.Result, record.Applied));
    }
}
