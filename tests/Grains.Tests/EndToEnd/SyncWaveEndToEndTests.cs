using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>Sync waves on a real cluster: the later wave is applied only once the earlier one is healthy.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class SyncWaveEndToEndTests(FleetCluster fleet)
{
    [Fact]
    public async Task Waves_ConfigMapAfterDeployment_ConvergeInTwoSyncsInOrder()
    {
        var scenario = new GitOpsScenario(fleet);
        var configMap = SampleManifests.ConfigMap("after-web", "one").Replace("metadata:\n", "metadata:\n  annotations:\n    argocd.argoproj.io/sync-wave: \"1\"\n", StringComparison.Ordinal);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = SampleManifests.Deployment("web"),
            ["app/configmap.yaml"] = configMap,
        });
        var cluster = await scenario.AddClusterAsync();

        await scenario.PutApplicationAsync();
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));
        var deployment = await scenario.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web");
        var settings = await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/after-web");

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        Assert.Contains("sync-wave", configMap, StringComparison.Ordinal);
        Assert.Equal(2, view!.History.Count(h => h.Revision == commit && h.Result == "Succeeded"));
        // The ConfigMap was created after the Deployment's rollout completed (resourceVersions grow with every write).
        Assert.True(long.Parse(settings!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(deployment!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
