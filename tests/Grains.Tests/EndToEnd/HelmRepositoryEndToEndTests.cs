using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>
/// Applications on Helm repositories, end to end: a chart repository served on loopback (charts made by the real helm)
/// and a real OCI registry (docker-registry, charts pushed by helm push), rendered by the real helm and applied to
/// simulated clusters.
/// </summary>
[Collection(FleetClusterCollection.Name)]
public sealed class HelmRepositoryEndToEndTests(FleetCluster fleet)
{
    [Fact]
    public async Task HttpRepository_ConstraintResolved_NewVersionRollsOut_RollbackPinsAnEarlierOne()
    {
        await using var server = ChartRepositoryServer.Start("fleet", "s3cret");
        await HelmTool.PackageAsync("podinfo", "6.5.0", server.Directory);
        await HelmTool.PackageAsync("podinfo", "6.4.0", server.Directory);
        await HelmTool.PackageAsync("podinfo", "7.0.0-rc.1", server.Directory);
        await HelmTool.IndexAsync(server.Directory);
        var scenario = new GitOpsScenario(fleet);
        var repository = fleet.Grains.GetGrain<IRepositoryGrain>(scenario.RepositoryName);
        var registered = await repository.RegisterAsync(new RepositorySpec
        {
            Url = server.Url, Type = RepositoryTypes.Helm, Username = "fleet", Password = "s3cret", PollIntervalSeconds = 3600,
        });
        Assert.Equal("True", registered.Conditions.Single().Status);
        Assert.Equal(["7.0.0-rc.1", "6.5.0", "6.4.0"], registered.Charts!["podinfo"]);
        var cluster = await scenario.AddClusterAsync();

        await PutAsync(scenario, "podinfo", "6.5.*", new HelmSettings { ValueFiles = ["values-big.yaml"], Values = """{"cluster":"{{cluster.name}}"}""" });
        var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, "6.5.0"));

        Assert.True(SyncedAndHealthy(view!, "6.5.0"), Describe(view));
        var settings = await scenario.LiveAsync(cluster, $"/api/v1/namespaces/default/configmaps/{scenario.Application}-settings");
        Assert.Equal("6.5.0", settings!["data"]!["chartVersion"]!.GetValue<string>());
        Assert.Equal(cluster, settings["data"]!["cluster"]!.GetValue<string>());
        Assert.Equal("true", settings["data"]!["hasDeployments"]!.GetValue<string>());
        Assert.Equal(3, (await scenario.LiveAsync(cluster, $"/apis/apps/v1/namespaces/default/deployments/{scenario.Application}-web"))!["spec"]!["replicas"]!.GetValue<int>());

        // Publishing: 6.5.2 matches the constraint, 6.6.0 does not.
        await HelmTool.PackageAsync("podinfo", "6.5.2", server.Directory, greeting: "newer");
        await HelmTool.PackageAsync("podinfo", "6.6.0", server.Directory);
        await HelmTool.IndexAsync(server.Directory);
        await repository.RefreshAsync();
        view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, "6.5.2"));

        Assert.True(SyncedAndHealthy(view!, "6.5.2"), Describe(view));
        settings = await scenario.LiveAsync(cluster, $"/api/v1/namespaces/default/configmaps/{scenario.Application}-settings");
        Assert.Equal("newer", settings!["data"]!["greeting"]!.GetValue<string>());
        Assert.Contains(view!.History, h => h.Revision == "6.5.0");
        Assert.Contains(view.History, h => h.Revision == "6.5.2");

        // A rollback pins an exact version, as it pins a commit.
        await fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).RollbackAsync("6.4.0", "test", prune: false);
        view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, "6.4.0"));

        Assert.True(SyncedAndHealthy(view!, "6.4.0"), Describe(view));
        Assert.Equal("6.4.0", view!.Pin?.Revision);
    }

    [Fact]
    public async Task HttpRepository_Failures_ConditionsNameChartVersionAndReason_NothingApplied()
    {
        await using var server = ChartRepositoryServer.Start();
        await HelmTool.PackageAsync("podinfo", "6.5.0", server.Directory);
        await HelmTool.IndexAsync(server.Directory);
        var scenario = new GitOpsScenario(fleet);
        var repository = fleet.Grains.GetGrain<IRepositoryGrain>(scenario.RepositoryName);
        await repository.RegisterAsync(new RepositorySpec { Url = server.Url, Type = RepositoryTypes.Helm, PollIntervalSeconds = 3600 });
        var cluster = await scenario.AddClusterAsync();

        // No version matches.
        await PutAsync(scenario, "podinfo", "^9");
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Type == ConditionTypes.RenderFailed));
        var failed = view!.Conditions.Single(c => c.Type == ConditionTypes.RenderFailed);
        Assert.Contains("chart podinfo: no version matches \"^9\"", failed.Message, StringComparison.Ordinal);
        Assert.Contains("6.5.0", failed.Message, StringComparison.Ordinal);
        Assert.Empty(view.Resources);

        // Not in the index.
        await PutAsync(scenario, "nginx", "");
        view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Type == ConditionTypes.RenderFailed && c.Message!.Contains("nginx", StringComparison.Ordinal)));
        Assert.Contains("chart nginx is not in repository", view!.Conditions.Single(c => c.Type == ConditionTypes.RenderFailed).Message, StringComparison.Ordinal);

        // The archive was replaced after indexing: its digest no longer matches.
        var other = Directory.CreateTempSubdirectory("fleet-tampered-").FullName;
        File.Copy(await HelmTool.PackageAsync("podinfo", "6.5.0", other, greeting: "tampered"), Path.Combine(server.Directory, "podinfo-6.5.0.tgz"), overwrite: true);
        Directory.Delete(other, recursive: true);
        await PutAsync(scenario, "podinfo", "6.5.0");
        view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Type == ConditionTypes.RenderFailed && c.Message!.Contains("DigestMismatch", StringComparison.Ordinal)));
        Assert.Contains("chart podinfo 6.5.0", view!.Conditions.Single(c => c.Type == ConditionTypes.RenderFailed).Message, StringComparison.Ordinal);
        Assert.Empty(view.Resources);
        Assert.Null(await scenario.LiveAsync(cluster, $"/api/v1/namespaces/default/configmaps/{scenario.Application}-settings"));

        // The repository goes down: it keeps its last good index and says why.
        server.Down = true;
        var down = await repository.RefreshAsync();
        var ready = down.Conditions.Single();
        Assert.Equal("False", ready.Status);
        Assert.Equal("Unreachable", ready.Reason);
        Assert.Contains("Still using the last good index", ready.Message, StringComparison.Ordinal);
        Assert.Equal(["6.5.0"], down.Charts!["podinfo"]);
    }

    [Fact]
    public async Task OciRegistry_ChartPushedByHelm_SyncedAtResolvedVersion_NewTagRollsOut()
    {
        var registry = new OciRegistry();
        var packages = Directory.CreateTempSubdirectory("fleet-oci-charts-").FullName;
        try
        {
            await registry.StartAsync();
            await HelmTool.PushAsync(await HelmTool.PackageAsync("webapp", "1.0.0", packages), registry.ChartsUrl);
            var scenario = new GitOpsScenario(fleet);
            var repository = fleet.Grains.GetGrain<IRepositoryGrain>(scenario.RepositoryName);
            await repository.RegisterAsync(new RepositorySpec { Url = registry.ChartsUrl, Type = RepositoryTypes.Helm, Insecure = true, PollIntervalSeconds = 3600 });
            var cluster = await scenario.AddClusterAsync();

            await PutAsync(scenario, "webapp", "^1");
            var view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, "1.0.0"));
            Assert.True(SyncedAndHealthy(view!, "1.0.0"), Describe(view));

            await HelmTool.PushAsync(await HelmTool.PackageAsync("webapp", "1.1.0", packages, greeting: "from the registry"), registry.ChartsUrl);
            var refreshed = await repository.RefreshAsync();
            Assert.Equal(["1.1.0", "1.0.0"], refreshed.Charts!["webapp"]);
            view = await scenario.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, "1.1.0"));

            Assert.True(SyncedAndHealthy(view!, "1.1.0"), Describe(view));
            var settings = await scenario.LiveAsync(cluster, $"/api/v1/namespaces/default/configmaps/{scenario.Application}-settings");
            Assert.Equal("from the registry", settings!["data"]!["greeting"]!.GetValue<string>());
        }
        finally
        {
            await registry.DisposeAsync();
            Directory.Delete(packages, recursive: true);
        }
    }

    private static Task<ApplicationView> PutAsync(GitOpsScenario scenario, string chart, string? revision, HelmSettings? helm = null) =>
        scenario.Fleet.Grains.GetGrain<IApplicationGrain>(scenario.Application).PutAsync(new ApplicationSpec
        {
            Repository = scenario.RepositoryName,
            Chart = chart,
            Revision = string.IsNullOrEmpty(revision) ? null : revision,
            Path = "",
            Destination = new Destination { MatchLabels = new Dictionary<string, string> { ["env"] = scenario.Env }, Namespace = scenario.Namespace },
            SyncPolicy = new SyncPolicy { Automated = true, Prune = true, SelfHeal = true },
            Helm = helm,
        });
}
