using Fleet.Engine.Status;
using Fleet.Grains.FleetView;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Tests.EndToEnd;
using Fleet.Grains.Tests.Infrastructure;
using Orleans.Core.Internal;

namespace Fleet.Grains.Tests.FleetView;

/// <summary>The instance index on a real 2-silo cluster, fed by real instances reconciling against the simulator.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class InstanceIndexGrainTests(FleetCluster fleet)
{
    private static Dictionary<string, string> App() => new() { ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one") };

    private Task<InstancePage> QueryAsync(string application, HealthStatus? health = null) =>
        fleet.Grains.GetGrain<IInstanceQueryGrain>(0).QueryAsync(new InstanceQuery { Application = application, Health = health, Limit = 1000 });

    [Fact]
    public async Task Index_InstancesSyncAndRetire_RowsAreAddedUpdatedAndRemoved()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(App());
        var a = await scenario.AddClusterAsync();
        var b = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var healthy = await GitOpsScenario.EventuallyAsync(() => QueryAsync(scenario.Application, HealthStatus.Healthy), p => p.Total == 2);
        var selected = await fleet.Grains.GetGrain<IInstanceQueryGrain>(0).QueryAsync(new InstanceQuery
        {
            Selector = [new LabelRequirement { Key = "env", Operator = LabelRequirement.In, Values = [scenario.Env] }],
            Cluster = b,
        });
        // Cluster b leaves the selector: its instance retires and its row goes.
        await fleet.Grains.GetGrain<IClusterGrain>(b).RegisterAsync(new ClusterRegistration { Server = fleet.Simulator.ClusterUrl(b), Labels = new Dictionary<string, string> { ["env"] = "elsewhere" } });
        var afterRetire = await GitOpsScenario.EventuallyAsync(() => QueryAsync(scenario.Application), p => p.Total == 1);

        Assert.Equal([a, b], healthy.Rows.Select(r => r.Cluster).Order(StringComparer.Ordinal));
        Assert.All(healthy.Rows, r => Assert.Equal(SyncStatus.Synced, r.Sync));
        Assert.All(healthy.Rows, r => Assert.Null(r.Reason));
        Assert.All(healthy.Rows, r => Assert.Matches("^[0-9a-f]{40}$", r.Revision!));
        Assert.Equal(b, Assert.Single(selected.Rows).Cluster);
        Assert.Equal(a, Assert.Single(afterRetire.Rows).Cluster);
    }

    [Fact]
    public async Task Index_DegradedInstance_RowCarriesTheFirstProblem()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = SampleManifests.Deployment("broken", image: "nginx:unpullable", replicas: 1, progressDeadlineSeconds: 1),
        });
        await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();

        var degraded = await GitOpsScenario.EventuallyAsync(() => QueryAsync(scenario.Application, HealthStatus.Degraded), p => p.Total == 1);

        var row = Assert.Single(degraded.Rows);
        Assert.Equal(SyncStatus.Synced, row.Sync);
        Assert.Equal("ProgressDeadlineExceeded", row.Reason);
        Assert.Contains("Deployment/broken", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partition_AfterDeactivation_RebuildsFromTheInstances()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(App());
        var clusters = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            clusters.Add(await scenario.AddClusterAsync());
        }
        await scenario.PutApplicationAsync();
        var before = await GitOpsScenario.EventuallyAsync(() => QueryAsync(scenario.Application, HealthStatus.Healthy), p => p.Total == 3);
        // A row no instance backs: only an activation that rebuilt from the instances is rid of it.
        var ghost = fleet.UniqueName("ghost");
        await fleet.Grains.GetGrain<IInstanceIndexGrain>(InstanceRows.PartitionOf(ghost, "nowhere"))
            .ApplyAsync([new InstanceRow { Application = ghost, Cluster = "nowhere", ChangedAt = DateTimeOffset.UtcNow }]);
        var ghostBefore = await QueryAsync(ghost);

        // Every partition goes; the quiet Synced and Healthy instances never report again, so only a rebuild brings
        // their rows back.
        for (var n = 0; n < InstanceRows.Partitions; n++)
        {
            await fleet.Grains.GetGrain<IInstanceIndexGrain>(InstanceRows.PartitionKey(n)).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        }
        var ghostAfter = await GitOpsScenario.EventuallyAsync(() => QueryAsync(ghost), p => p.Total == 0);
        var after = await QueryAsync(scenario.Application);

        Assert.Equal(3, before.Total);
        Assert.Equal(1, ghostBefore.Total);
        Assert.Equal(0, ghostAfter.Total);
        Assert.Equal(clusters.Order(StringComparer.Ordinal), after.Rows.Select(r => r.Cluster));
        Assert.All(after.Rows, r => Assert.Equal(HealthStatus.Healthy, r.Health));
    }
}
