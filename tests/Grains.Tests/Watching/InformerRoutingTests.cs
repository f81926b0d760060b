using System.Net.Http.Json;
using Fleet.Engine;
using Fleet.Grains.Tests.EndToEnd;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Grains.Watching;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Fleet.Grains.Tests.Watching;

/// <summary>
/// Whoever can write to a cluster can label objects with any application name. The watches route only changes of
/// applications the cluster hosts, so made-up names grow no routing map and wake no grain.
/// </summary>
[Collection(FleetClusterCollection.Name)]
public sealed class InformerRoutingTests(FleetCluster fleet)
{
    [Fact]
    public async Task Objects_labelled_for_applications_the_cluster_does_not_host_are_not_routed()
    {
        var scenario = new GitOpsScenario(fleet);
        await scenario.CreateRepositoryAsync(new Dictionary<string, string> { ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one") });
        var cluster = await scenario.AddClusterAsync();
        await scenario.PutApplicationAsync();
        await scenario.WaitForInstanceAsync(cluster, v => GitOpsScenario.SyncedAndHealthy(v));

        for (var i = 0; i < 20; i++)
        {
            using var created = await GitOpsScenario.Http.PostAsJsonAsync($"{fleet.Simulator.ClusterUrl(cluster)}/api/v1/namespaces/default/configmaps", new
            {
                apiVersion = "v1",
                kind = "ConfigMap",
                metadata = new { name = $"copy-{i}", labels = new Dictionary<string, string> { [FleetLabels.Application] = $"made-up-{i}" } },
                data = new { x = "y" },
            });
            created.EnsureSuccessStatusCode();
        }
        // A change to the application's own object after those: once it is healed, the watch has read past them all.
        Assert.Equal(200, await scenario.PatchLiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings", """{"data":{"setting":"drifted"}}"""));
        var healed = await GitOpsScenario.EventuallyAsync(
            () => scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings"),
            live => live?["data"]?["setting"]?.GetValue<string>() == "one");
        Assert.Equal("one", healed?["data"]?["setting"]?.GetValue<string>());

        var routed = fleet.Orleans.Silos.Cast<InProcessSiloHandle>()
            .SelectMany(silo => silo.SiloHost.Services.GetRequiredService<ClusterInformers>().Routed(cluster))
            .ToList();
        Assert.Equal([scenario.Application], routed);
    }
}
