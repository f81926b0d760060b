using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>A destination namespace that does not exist yet: created on request, and never deleted by Fleet.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class NamespaceTests(FleetCluster fleet)
{
    [Fact]
    public async Task CreateNamespace_MissingNamespace_IsCreatedWithItsMetadataAndKeptWhenTheApplicationGoes()
    {
        var scenario = new GitOpsScenario(fleet);
        var ns = fleet.UniqueName("shop");
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string> { ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one") });
        var cluster = await scenario.AddClusterAsync();

        await Put(scenario, cluster, ns, createNamespace: true);
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, commit));
        var created = await scenario.LiveAsync(cluster, $"/api/v1/namespaces/{ns}");

        Assert.True(SyncedAndHealthy(view!, commit), Describe(view));
        Assert.Equal("shop", created!["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("shop@example.com", created["metadata"]!["annotations"]!["owner"]!.GetValue<string>());
        Assert.NotNull(await scenario.LiveAsync(cluster, $"/api/v1/namespaces/{ns}/configmaps/settings"));
        Assert.Equal("Namespace", view!.Resources[0].Kind);

        Assert.True(await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).DeleteAsync(cascade: true));
        Assert.Null(await scenario.LiveAsync(cluster, $"/api/v1/namespaces/{ns}/configmaps/settings"));
        Assert.NotNull(await scenario.LiveAsync(cluster, $"/api/v1/namespaces/{ns}"));
    }

    [Fact]
    public async Task WithoutCreateNamespace_MissingNamespace_FailsNamingIt()
    {
        var scenario = new GitOpsScenario(fleet);
        var ns = fleet.UniqueName("absent");
        await scenario.CreateRepositoryAsync(new Dictionary<string, string> { ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one") });
        var cluster = await scenario.AddClusterAsync();

        await Put(scenario, cluster, ns, createNamespace: false);
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Type == ConditionTypes.Synced && c.Status == "False"));

        var failed = view!.Conditions.Single(c => c.Type == ConditionTypes.Synced);
        Assert.Equal(Reasons.SyncFailed, failed.Reason);
        Assert.Contains(ns, failed.Message, StringComparison.Ordinal);
    }

    private Task<ApplicationView> Put(GitOpsScenario scenario, string cluster, string ns, bool createNamespace) =>
        fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).PutAsync(new ApplicationSpec
        {
            Repository = scenario.RepositoryName,
            Path = "app",
            Destination = new Destination
            {
                Clusters = [cluster],
                Namespace = ns,
                CreateNamespace = createNamespace,
                NamespaceMetadata = createNamespace
                    ? new NamespaceMetadata
                    {
                        Labels = new Dictionary<string, string> { ["team"] = "shop" },
                        Annotations = new Dictionary<string, string> { ["owner"] = "shop@example.com" },
                    }
                    : null,
            },
            SyncPolicy = new SyncPolicy { Automated = true, Prune = true, SelfHeal = true },
        });
}
