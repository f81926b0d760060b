using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Grains.Tests.Rendering;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>A chart application from Git to two simulated clusters through the real helm, with values per cluster.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class HelmChartEndToEndTests(FleetCluster fleet)
{
    [Fact]
    public async Task ChartApplication_TwoClustersWithDifferentValues_SyncedAndHealthyEach()
    {
        var scenario = new GitOpsScenario(fleet);
        var files = new Dictionary<string, string>();
        ChartFixture.Write((path, text) => files[path] = text, "charts/web");
        var commit = await scenario.CreateRepositoryAsync(files);
        var prod = await scenario.AddClusterAsync(new Dictionary<string, string> { ["stage"] = "prod" });
        var dev = await scenario.AddClusterAsync(new Dictionary<string, string> { ["stage"] = "dev" });

        await Put(scenario, new HelmSettings { ValueFiles = ["values-{{cluster.labels.stage}}.yaml"] });
        var prodView = await scenario.WaitForInstanceAsync(prod, v => SyncedAndHealthy(v, commit));
        var devView = await scenario.WaitForInstanceAsync(dev, v => SyncedAndHealthy(v, commit));

        Assert.True(SyncedAndHealthy(prodView!, commit), Describe(prodView));
        Assert.True(SyncedAndHealthy(devView!, commit), Describe(devView));
        // The release is named after the application and lives in the destination namespace.
        var release = scenario.Application;
        var prodSettings = await scenario.LiveAsync(prod, $"/api/v1/namespaces/default/configmaps/{release}-web-settings");
        var devSettings = await scenario.LiveAsync(dev, $"/api/v1/namespaces/default/configmaps/{release}-web-settings");
        Assert.Equal("hello from prod", prodSettings!["data"]!["greeting"]!.GetValue<string>());
        Assert.Equal("hello from dev", devSettings!["data"]!["greeting"]!.GetValue<string>());
        // .Capabilities saw the simulator's version, not helm's default.
        Assert.Equal("v1.32.4", prodSettings["data"]!["kubeVersion"]!.GetValue<string>());
        Assert.Equal(3, (await scenario.LiveAsync(prod, $"/apis/apps/v1/namespaces/default/deployments/{release}-web"))!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, (await scenario.LiveAsync(dev, $"/apis/apps/v1/namespaces/default/deployments/{release}-web"))!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("large", (await scenario.LiveAsync(prod, $"/api/v1/namespaces/default/configmaps/{release}-cache"))!["data"]!["size"]!.GetValue<string>());
        // The CRD from crds/ was applied first, then its custom resource.
        Assert.Equal("CustomResourceDefinition", prodView!.Resources[0].Kind);
        Assert.NotNull(await scenario.LiveAsync(prod, $"/apis/example.com/v1/namespaces/default/backups/{release}-web-nightly"));
        Assert.Contains(prodView.Resources, r => r.Kind == "HorizontalPodAutoscaler");
    }

    [Fact]
    public async Task ChartApplication_TemplateError_RenderFailedAndNothingApplied()
    {
        var scenario = new GitOpsScenario(fleet);
        var files = new Dictionary<string, string>();
        ChartFixture.Write((path, text) => files[path] = text, "charts/web");
        files["charts/web/templates/broken.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.missing.name }}\n";
        await scenario.CreateRepositoryAsync(files);
        var cluster = await scenario.AddClusterAsync();

        await Put(scenario, new HelmSettings { ReleaseName = "shop" });
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Type == ConditionTypes.RenderFailed));

        var failed = view!.Conditions.Single(c => c.Type == ConditionTypes.RenderFailed);
        Assert.Contains("charts/web/templates/broken.yaml:4", failed.Message, StringComparison.Ordinal);
        Assert.Empty(view.Resources);
        Assert.Null(await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/shop-web-settings"));
    }

    private static Task<ApplicationView> Put(GitOpsScenario scenario, HelmSettings helm) =>
        scenario.Fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).PutAsync(new ApplicationSpec
        {
            Repository = scenario.RepositoryName,
            Path = "charts/web",
            Destination = new Destination { MatchLabels = new Dictionary<string, string> { ["env"] = scenario.Env }, Namespace = scenario.Namespace },
            SyncPolicy = new SyncPolicy { Automated = true, Prune = true, SelfHeal = true },
            Helm = helm,
        });
}
