using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>A commit in Git becoming live state on every targeted cluster, with real Git, Orleans and HTTP.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class GitOpsEndToEndTests(FleetCluster fleet)
{
    private static Dictionary<string, string> App(string configValue = "one") => new()
    {
        ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", configValue),
        ["app/deployment.yaml"] = SampleManifests.Deployment("web"),
        ["app/service.yaml"] = SampleManifests.Service("web"),
        ["README.md"] = "not a manifest",
    };

    [Fact]
    public async Task Commit_TargetedClusters_BecomeSyncedAndHealthy()
    {
        var scenario = new GitOpsScenario(fleet);
        var first = await scenario.CreateRepositoryAsync(App());
        var a = await scenario.AddClusterAsync();
        var b = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var viewA = await scenario.WaitForInstanceAsync(a, v => SyncedAndHealthy(v, first));
        var viewB = await scenario.WaitForInstanceAsync(b, v => SyncedAndHealthy(v, first));

        // The simulator's own view of the rollout says, on failure, whether Fleet or the cluster is behind.
        Assert.True(SyncedAndHealthy(viewA!, first), Describe(viewA) + await RolloutAsync(scenario, a));
        Assert.True(SyncedAndHealthy(viewB!, first), Describe(viewB) + await RolloutAsync(scenario, b));
        var deployment = await scenario.LiveAsync(a, "/apis/apps/v1/namespaces/default/deployments/web");
        Assert.Equal("fleet", deployment!["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.Equal(scenario.Application, deployment["metadata"]!["labels"]!["fleet.dev/application"]!.GetValue<string>());

        scenario.Repository.WriteFile("app/configmap.yaml", SampleManifests.ConfigMap("settings", "two"));
        var second = await scenario.CommitAsync("change setting");
        var updated = await scenario.WaitForInstanceAsync(b, v => SyncedAndHealthy(v, second));

        Assert.True(SyncedAndHealthy(updated!, second), Describe(updated));
        var configMap = await scenario.LiveAsync(b, "/api/v1/namespaces/default/configmaps/settings");
        Assert.Equal("two", configMap!["data"]!["setting"]!.GetValue<string>());
        Assert.Contains(updated!.History, h => h.Revision == second && h.Result == "Succeeded");
    }

    private static async Task<string> RolloutAsync(GitOpsScenario scenario, string cluster) =>
        " live Deployment status: " + (await scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web"))?["status"]?.ToJsonString();

    [Fact]
    public async Task Drift_OutOfBandEdit_IsHealed()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync(selfHeal: true);
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v));

        var patched = await scenario.PatchLiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings", """{"data":{"setting":"hacked"}}""");
        var healed = await EventuallyAsync(
            () => scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings"),
            cm => cm?["data"]?["setting"]?.GetValue<string>() == "one");

        Assert.Equal(200, patched);
        Assert.Equal("one", healed!["data"]!["setting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Drift_WithoutSelfHeal_IsReportedOutOfSyncWithTheDiff()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync(selfHeal: false);
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v));

        await scenario.PatchLiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings", """{"data":{"setting":"hacked"}}""");
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Sync == SyncStatus.OutOfSync);

        Assert.Equal(SyncStatus.OutOfSync, view!.Sync);
        var configMap = Assert.Single(view.Resources, r => r.Kind == "ConfigMap");
        Assert.Contains(configMap.Diff, d => d.Contains(".data.setting", StringComparison.Ordinal));
        Assert.Contains(view.Conditions, c => c.Type == "OutOfSync" && c.Message.Contains("selfHeal is off", StringComparison.Ordinal));

        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).SyncAsync("test", prune: false);
        var synced = await scenario.WaitForInstanceAsync(cluster, v => v.Sync == SyncStatus.Synced);
        Assert.Equal(SyncStatus.Synced, synced!.Sync);
    }

    [Fact]
    public async Task Prune_FileRemovedFromGit_DeletesOnlyThatObject()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        fleet.Simulator.Cluster(cluster).Create(Simulator.Model.BuiltInTypes.ConfigMap, "default",
            System.Text.Json.Nodes.JsonNode.Parse("""{"metadata":{"name":"bystander"},"data":{"a":"b"}}""")!.AsObject(),
            new Simulator.Storage.WriteOptions("someone-else", false, DateTimeOffset.UtcNow));
        await scenario.PutApplicationAsync(prune: true);
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v));

        scenario.Repository.DeleteFile("app/configmap.yaml");
        var commit = await scenario.CommitAsync("remove config");
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        Assert.Null(await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings"));
        Assert.NotNull(await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/bystander"));
        Assert.NotNull(await scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web"));
        Assert.Contains(view!.History, h => h.Pruned == 1);
    }

    [Fact]
    public async Task Prune_ObjectMadeAgainByAPerson_IsLeftAlone()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync(prune: true, selfHeal: false);
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v));
        // A person deletes Fleet's ConfigMap and makes their own under the same name (no application label).
        var store = fleet.Simulator.Cluster(cluster);
        var byHand = new Simulator.Storage.WriteOptions("kubectl", false, DateTimeOffset.UtcNow);
        store.Delete(Simulator.Model.BuiltInTypes.ConfigMap, "default", "settings", byHand);
        store.Create(Simulator.Model.BuiltInTypes.ConfigMap, "default",
            System.Text.Json.Nodes.JsonNode.Parse("""{"metadata":{"name":"settings"},"data":{"mine":"yes"}}""")!.AsObject(), byHand);

        scenario.Repository.DeleteFile("app/configmap.yaml");
        var commit = await scenario.CommitAsync("remove config");
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit) && v.History.Any(h => h.Revision == commit));

        var live = await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings");
        Assert.True(live is not null, "Fleet pruned an object a person made under the name of one it had tracked");
        Assert.Equal("yes", live!["data"]!["mine"]!.GetValue<string>());
        Assert.DoesNotContain(view!.History, h => h.Revision == commit && h.Pruned > 0);
    }

    [Fact]
    public async Task Rollback_PinsTheEarlierRevisionUntilUnpinned()
    {
        var scenario = new GitOpsScenario(fleet);
        var first = await scenario.CreateRepositoryAsync(App("one"));
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, first));
        scenario.Repository.WriteFile("app/configmap.yaml", SampleManifests.ConfigMap("settings", "two"));
        var second = await scenario.CommitAsync("two");
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, second));

        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).RollbackAsync(first, "test", prune: false);
        var rolledBack = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, first));
        scenario.Repository.WriteFile("app/configmap.yaml", SampleManifests.ConfigMap("settings", "three"));
        var third = await scenario.CommitAsync("three");
        // The new commit reaches the instance (refresh -> application -> instance); reconcile once more to be sure it was seen.
        await fleet.Grains.GetGrain<IApplicationInstanceGrain>($"{scenario.Application}/{cluster}").ReconcileAsync();
        var stillPinned = await scenario.InstanceAsync(cluster);

        Assert.True(SyncedAndHealthy(rolledBack!, first), Describe(rolledBack));
        Assert.Equal(first, rolledBack!.Pin!.Revision);
        Assert.Contains(rolledBack.Conditions, c => c.Type == "Pinned");
        Assert.Equal(first, stillPinned!.Revision);
        Assert.Equal("one", (await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings"))!["data"]!["setting"]!.GetValue<string>());

        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).UnpinAsync("test");
        var unpinned = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, third));

        Assert.True(SyncedAndHealthy(unpinned!, third), Describe(unpinned));
        Assert.Null(unpinned!.Pin);
    }

    [Fact]
    public async Task ClusterAddedByLabel_GetsAnInstanceAndIsSynced()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(App());
        var first = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(first, v => SyncedAndHealthy(v, commit));

        var late = await scenario.AddClusterAsync();
        var view = await scenario.WaitForInstanceAsync(late, v => SyncedAndHealthy(v, commit));

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        var application = await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).GetAsync();
        Assert.Equal(2, application!.Instances.Count);
    }

    [Fact]
    public async Task InvalidYaml_IsReportedWithFileAndLineAndNothingIsApplied()
    {
        var scenario = new GitOpsScenario(fleet);
        var first = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, first));

        scenario.Repository.WriteFile("app/configmap.yaml", SampleManifests.ConfigMap("settings", "changed"));
        scenario.Repository.WriteFile("app/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n");
        await scenario.CommitAsync("broken");
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Type == "RenderFailed"));

        var condition = Assert.Single(view!.Conditions, c => c.Type == "RenderFailed");
        Assert.Contains("app/broken.yaml", condition.Message);
        Assert.Equal("one", (await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings"))!["data"]!["setting"]!.GetValue<string>());
    }

    [Fact]
    public async Task ClusterOutage_InstanceUnknownWithReason_ThenRecovers()
    {
        var scenario = new GitOpsScenario(fleet);
        var first = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, first));

        fleet.Simulator.Cluster(cluster).Faults.Outage = Simulator.Storage.OutageMode.Unavailable;
        scenario.Repository.WriteFile("app/configmap.yaml", SampleManifests.ConfigMap("settings", "during-outage"));
        var second = await scenario.CommitAsync("during outage");
        var down = await scenario.WaitForInstanceAsync(cluster, v => v.Sync == SyncStatus.Unknown && v.Health == HealthStatus.Unknown);
        var clusterView = await EventuallyAsync(() => fleet.Grains.GetGrain<IClusterGrain>(cluster).GetAsync(), c => c?.Connectivity == Connectivity.Unreachable);

        Assert.Equal(HealthStatus.Unknown, down!.Health);
        Assert.Contains(down.Conditions, c => c.Type == "ClusterReachable" && c.Status == "False");
        Assert.Equal(Connectivity.Unreachable, clusterView!.Connectivity);

        fleet.Simulator.Cluster(cluster).Faults.Clear();
        var recovered = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, second));

        Assert.True(SyncedAndHealthy(recovered!, second), Describe(recovered));
    }

    [Fact]
    public async Task FailingWorkload_IsDegradedWithTheReason()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = SampleManifests.Deployment("broken", image: "nginx:unpullable", replicas: 1, progressDeadlineSeconds: 1),
        });
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();

        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Health == HealthStatus.Degraded);

        Assert.Equal(HealthStatus.Degraded, view!.Health);
        Assert.Equal(SyncStatus.Synced, view.Sync);
        var deployment = Assert.Single(view.Resources);
        Assert.Equal("ProgressDeadlineExceeded", deployment.Reason);
        Assert.Contains("timed out progressing", deployment.Message, StringComparison.Ordinal);
        var healthy = Assert.Single(view.Conditions, c => c.Type == "Healthy");
        Assert.Equal("ProgressDeadlineExceeded", healthy.Reason);
        Assert.Contains("Deployment/broken", healthy.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SteadyState_ReconcileMakesNoKubernetesCallAndWritesNoState()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));
        var instance = fleet.Grains.GetGrain<IApplicationInstanceGrain>($"{scenario.Application}/{cluster}");
        await instance.ReconcileAsync();
        var simulated = fleet.Simulator.Cluster(cluster);
        var before = simulated.ObjectRequestCount;
        var history = (await instance.GetAsync())!.History.Count;
        var writes = CountingGrainStorage.WritesFor($"{scenario.Application}/{cluster}");

        for (var i = 0; i < 5; i++)
        {
            await instance.ReconcileAsync();
        }

        Assert.True(writes > 0, "the instance's first sync must have written state");
        Assert.Equal(before, simulated.ObjectRequestCount);
        Assert.Equal(writes, CountingGrainStorage.WritesFor($"{scenario.Application}/{cluster}"));
        Assert.Equal(history, (await instance.GetAsync())!.History.Count);
    }

    [Fact]
    public async Task CommitTouchingOtherPaths_MovesTheRevisionWithoutResyncing()
    {
        var scenario = new GitOpsScenario(fleet);
        var first = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        var synced = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, first));
        var requests = fleet.Simulator.Cluster(cluster).ObjectRequestCount;

        scenario.Repository.WriteFile("docs/notes.md", "unrelated change");
        var second = await scenario.CommitAsync("docs only");
        var moved = await scenario.WaitForInstanceAsync(cluster, v => v.Revision == second);

        Assert.Equal(second, moved!.Revision);
        Assert.Equal(synced!.History.Count, moved.History.Count);
        Assert.Equal(requests, fleet.Simulator.Cluster(cluster).ObjectRequestCount);
    }

    [Fact]
    public async Task GitServerDown_KeepsTheLastGoodRevisionAndSaysWhy()
    {
        await using var git = await GitServer.StartAsync();
        var scenario = new GitOpsScenario(fleet);
        var repository = git.CreateRepository(scenario.RepositoryName);
        foreach (var (path, text) in App())
        {
            repository.WriteFile(path, text);
        }
        var commit = repository.Commit("initial");
        var repositoryGrain = fleet.Grains.GetGrain<Interfaces.Repositories.IRepositoryGrain>(scenario.RepositoryName);
        await repositoryGrain.RegisterAsync(new Interfaces.Repositories.RepositorySpec { Url = repository.Url, PollIntervalSeconds = 3600 });
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        await git.StopAsync();
        var view = await repositoryGrain.RefreshAsync();
        await fleet.Grains.GetGrain<IApplicationInstanceGrain>($"{scenario.Application}/{cluster}").ReconcileAsync();
        var instance = await scenario.InstanceAsync(cluster);

        Assert.Equal(commit, view.Revision);
        var ready = Assert.Single(view.Conditions);
        Assert.Equal(("False", "Unreachable"), (ready.Status, ready.Reason));
        Assert.Contains("last good revision", ready.Message, StringComparison.Ordinal);
        Assert.True(SyncedAndHealthy(instance!, commit), Describe(instance));
    }

    [Fact]
    public async Task ClusterLeavingTheSelector_HasItsInstanceRetiredAndObjectsPruned()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync(prune: true);
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        await fleet.Grains.GetGrain<IClusterGrain>(cluster).RegisterAsync(new ClusterRegistration
        {
            Server = fleet.Simulator.ClusterUrl(cluster),
            Labels = new Dictionary<string, string> { ["env"] = "elsewhere" },
        });
        var gone = await EventuallyAsync(() => scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings"), cm => cm is null);

        var retired = await EventuallyAsync(() => scenario.InstanceAsync(cluster), i => i is null);
        var application = await EventuallyAsync(() => fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).GetAsync(), a => a?.Instances.Count == 0);

        Assert.Null(gone);
        Assert.Null(retired);
        Assert.Empty(application!.Instances);
    }

    [Fact]
    public async Task DeleteApplication_CascadeRemovesObjects_WithoutCascadeLeavesThem()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));
        var other = new GitOpsScenario(fleet);
        await other.CreateRepositoryAsync(new Dictionary<string, string> { ["app/cm.yaml"] = SampleManifests.ConfigMap("kept", "x") });
        await fleet.Grains.GetGrain<IClusterGrain>(cluster).RegisterAsync(new ClusterRegistration
        {
            Server = fleet.Simulator.ClusterUrl(cluster),
            Labels = new Dictionary<string, string> { ["env"] = scenario.Env, ["other"] = other.Env },
        });
        await fleet.Grains.GetGrain<IApplicationGrain>(other.Application).PutAsync(new ApplicationSpec
        {
            Repository = other.RepositoryName,
            Path = "app",
            Destination = new Destination { Clusters = [cluster] },
            SyncPolicy = new SyncPolicy { Automated = true },
        });
        await other.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v));

        Assert.True(await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).DeleteAsync(cascade: true));
        Assert.True(await fleet.Grains.GetGrain<IApplicationGrain>(other.Application).DeleteAsync(cascade: false));

        Assert.Null(await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings"));
        Assert.Null(await scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web"));
        Assert.NotNull(await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/kept"));
        Assert.Null(await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).GetAsync());
    }

    [Fact]
    public async Task FleetSummary_CountsClustersAndInstances()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(App());
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        var summary = await EventuallyAsync(
            () => fleet.Grains.GetGrain<Interfaces.Fleet.IFleetSummaryGrain>("fleet").GetAsync(),
            s => s.Instances.Synced >= 1 && s.Instances.Healthy >= 1 && s.Connected >= 1);

        Assert.True(summary.Clusters >= 1);
        Assert.True(summary.Connected >= 1);
        Assert.True(summary.Instances.Total >= summary.Instances.Synced);
        Assert.True(summary.Instances.Synced >= 1, $"synced={summary.Instances.Synced}");
    }

    [Fact]
    public async Task CustomResource_AppliedWithItsCrd_WaitsForTheCrdAndSyncs()
    {
        var group = $"{fleet.UniqueName("g")}.example.com";
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/crd.yaml"] = $$"""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.{{group}}
                spec:
                  group: {{group}}
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer}
                """,
            ["app/widget.yaml"] = $$"""
                apiVersion: {{group}}/v1
                kind: Widget
                metadata:
                  name: w1
                spec:
                  size: 3
                """,
        });
        var cluster = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        Assert.Equal(["CustomResourceDefinition", "Widget"], view!.Resources.Select(r => r.Kind).ToArray());
        var widget = await scenario.LiveAsync(cluster, $"/apis/{group}/v1/namespaces/default/widgets/w1");
        Assert.Equal(3, widget!["spec"]!["size"]!.GetValue<int>());
    }
}
