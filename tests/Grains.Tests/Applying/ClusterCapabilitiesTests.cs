using System.Text.Json.Nodes;
using Fleet.Reconciler.Kubernetes;
using Fleet.Simulator.Discovery;

namespace Fleet.Grains.Tests.Applying;

/// <summary>What charts read as <c>.Capabilities</c>: the cluster's version and group-versions, asked once and reused.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class ClusterCapabilitiesTests(SimulatorFixture simulator)
{
    [Fact]
    public async Task CapabilitiesAsync_Simulator_VersionGroupVersionsAndKindsThenCached()
    {
        var (connection, _) = simulator.Connect();
        using var _connection = connection;

        var first = await connection.CapabilitiesAsync(CancellationToken.None);
        var second = await connection.CapabilitiesAsync(CancellationToken.None);

        Assert.Equal(DiscoveryDocuments.GitVersion, first.GitVersion);
        Assert.Contains("v1", first.ApiVersions);
        Assert.Contains("apps/v1", first.ApiVersions);
        Assert.Contains("autoscaling/v2", first.ApiVersions);
        // Kind-qualified too, as helm's capabilities from a real cluster are (.Capabilities.APIVersions.Has "apps/v1/Deployment").
        Assert.Contains("apps/v1/Deployment", first.ApiVersions);
        Assert.Contains("v1/ConfigMap", first.ApiVersions);
        Assert.DoesNotContain("apps/v1/deployments/status", first.ApiVersions);
        Assert.Equal(first.ApiVersions.Order(StringComparer.Ordinal), first.ApiVersions);
        Assert.Same(first, second);
        // /version, /api and /apis, then one resource list per group-version; none again while cached.
        var groupVersions = first.ApiVersions.Count(v => v == "v1" || (v.Count(c => c == '/') == 1 && !v.StartsWith("v1/", StringComparison.Ordinal)));
        Assert.Equal(3 + groupVersions, connection.RequestCount);
    }

    [Fact]
    public async Task CapabilitiesAsync_AfterMaxAge_AskedAgainAndSeeANewCrdsGroup()
    {
        var options = SimulatorFixture.FastOptions();
        options.CapabilitiesMaxAge = TimeSpan.Zero;
        var (connection, _) = simulator.Connect(options);
        using var _connection = connection;

        var before = await connection.CapabilitiesAsync(CancellationToken.None);
        await connection.ApplyAsync(Manifests.WidgetDefinition(), "fleet", force: true, dryRun: false, CancellationToken.None);
        var after = await Poll.UntilAsync(async () =>
        {
            var capabilities = await connection.CapabilitiesAsync(CancellationToken.None);
            return capabilities.ApiVersions.Contains("fleet.test/v1") ? capabilities : null;
        }, TimeSpan.FromSeconds(15), "the CRD's group in the capabilities");

        Assert.DoesNotContain("fleet.test/v1", before.ApiVersions);
        Assert.Contains("fleet.test/v1", after.ApiVersions);
    }

    [Fact]
    public void ApiVersionsOf_CoreAndGroupLists_EveryGroupVersionOnceSorted()
    {
        var core = JsonNode.Parse("""{"kind":"APIVersions","versions":["v1"]}""")!.AsObject();
        var groups = JsonNode.Parse("""
            {"kind":"APIGroupList","groups":[
              {"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v2","version":"v2"},{"groupVersion":"autoscaling/v1","version":"v1"}]},
              {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}]}]}
            """)!.AsObject();

        Assert.Equal(["apps/v1", "autoscaling/v1", "autoscaling/v2", "v1"], ClusterConnection.ApiVersionsOf(core, groups));
    }

    [Fact]
    public void WithKinds_GroupVersionsAndTheirKinds_BothSorted() =>
        Assert.Equal(["apps/v1", "apps/v1/DaemonSet", "apps/v1/Deployment", "v1", "v1/ConfigMap"],
            ClusterConnection.WithKinds(["apps/v1", "v1"], [("v1", ["ConfigMap"]), ("apps/v1", ["Deployment", "DaemonSet"])]));
}
