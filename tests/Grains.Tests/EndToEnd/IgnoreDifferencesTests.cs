using Fleet.Engine.Planning;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>Fields an application leaves to the cluster: an autoscaler's replicas are neither drift nor reverted.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class IgnoreDifferencesTests(FleetCluster fleet)
{
    [Fact]
    public async Task IgnoredReplicas_ScaledOutOfBand_StaySyncedAndAreNotReverted()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string> { ["app/deployment.yaml"] = SampleManifests.Deployment("web", replicas: 2) });
        var cluster = await scenario.AddClusterAsync();
        await PutIgnoringAsync(scenario, cluster, new IgnoreDifference { Group = "apps", Kind = "Deployment", JsonPointers = ["/spec/replicas"] });
        await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));

        var patched = await scenario.PatchLiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web", """{"spec":{"replicas":5}}""");
        // A sync applies everything Git declares: the ignored field is not part of it.
        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).SyncAsync("bob", prune: false);
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.History.Any(h => h.InitiatedBy == "bob") && SyncedAndHealthy(v));
        var live = await scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web");

        Assert.Equal(200, patched);
        Assert.True(SyncedAndHealthy(view!), Describe(view));
        Assert.Equal(5, live!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReplicasOwnedByTheAutoscaler_StaySyncedAndHealthyAndSelfHealDoesNotFightIt()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = SampleManifests.Deployment("web", replicas: 2),
            ["app/hpa.yaml"] = """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: web
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 4
                  maxReplicas: 6
                """,
        });
        var cluster = await scenario.AddClusterAsync();
        await PutIgnoringAsync(scenario, cluster, new IgnoreDifference { Group = "apps", Kind = "Deployment", ManagedFieldsManagers = ["horizontal-pod-autoscaler"] });

        // The autoscaler raises the replicas to its minimum; the instance stays (or comes back) Synced and Healthy.
        var scaled = await EventuallyAsync(() => scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web"),
            live => live?["spec"]?["replicas"]?.GetValue<int>() == 4);
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit) && v.Resources.All(r => r.Health == HealthStatus.Healthy));
        // A sync applies everything Git declares, but not what the autoscaler owns: nothing changes.
        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).SyncAsync("bob", prune: false);
        view = await scenario.WaitForInstanceAsync(cluster, v => v.History.Any(h => h.InitiatedBy == "bob") && SyncedAndHealthy(v));
        var live = await scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web");

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        Assert.Equal(4, live!["spec"]!["replicas"]!.GetValue<int>());
        // Neither Fleet nor the autoscaler wrote the spec again: the generation did not move after the scale.
        Assert.Equal(scaled!["metadata"]!["generation"]!.GetValue<long>(), live["metadata"]!["generation"]!.GetValue<long>());
        Assert.Contains(live["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.GetValue<string>() == "horizontal-pod-autoscaler");
    }

    // An automated, self-healing application on one cluster that leaves what the rule names to the cluster.
    private Task<ApplicationView> PutIgnoringAsync(GitOpsScenario scenario, string cluster, IgnoreDifference rule) =>
        fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).PutAsync(new ApplicationSpec
        {
            Repository = scenario.RepositoryName,
            Path = "app",
            Destination = new Destination { Clusters = [cluster], Namespace = scenario.Namespace },
            SyncPolicy = new SyncPolicy { Automated = true, Prune = true, SelfHeal = true },
            IgnoreDifferences = [rule],
        });
}
