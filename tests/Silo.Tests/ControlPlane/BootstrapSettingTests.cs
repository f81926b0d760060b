using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Api.ApiWorld;

namespace Fleet.Silo.Tests.ControlPlane;

/// <summary>
/// <c>Fleet:Bootstrap</c>: a control plane started empty, with in-memory storage, builds itself from Git: the
/// repository's documents register a cluster and an application, which then deploys to that cluster.
/// </summary>
public sealed class BootstrapSettingTests
{
    [Fact]
    public async Task Start_WithBootstrapRepository_RegistersClusterAndApplicationFromItsDocuments()
    {
        var host = new FleetHost();
        await ((IAsyncLifetime)host).InitializeAsync();
        try
        {
            host.Simulator.AddCluster("prod-eu");
            var repository = FleetHost.CreateRepository(new Dictionary<string, string>
            {
                ["app/configmap.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {greeting: hello}\n",
                ["fleet/clusters.yaml"] = $"""
                    apiVersion: fleet.dev/v1
                    kind: Cluster
                    metadata: {"{"} name: prod-eu {"}"}
                    spec: {"{"} server: "{host.Simulator.ClusterUrl("prod-eu")}", labels: {"{"} env: prod {"}"} {"}"}
                    """,
                ["fleet/apps/web.yaml"] = """
                    apiVersion: fleet.dev/v1
                    kind: Application
                    metadata: {name: web}
                    spec:
                      repository: platform
                      path: app
                      destination: {selector: {matchLabels: {env: prod}}, namespace: default}
                      syncPolicy: {automated: true, prune: true, selfHeal: true}
                    """,
            });
            host.Settings["Fleet:Bootstrap:Repository"] = repository;
            host.Settings["Fleet:Bootstrap:Name"] = "platform";

            using var client = host.CreateClient();
            var web = await EventuallyAsync(async () => (await client.GetAsync("/api/v1/applications/web")) is { IsSuccessStatusCode: true } ok ? await JsonAsync(ok) : [],
                view => view["instances"] is JsonArray { Count: 1 } instances && instances[0]!["sync"]!.GetValue<string>() == "Synced");
            var root = await JsonAsync(await client.GetAsync("/api/v1/applications/platform"));

            Assert.True(web["instances"] is JsonArray { Count: 1 }, web.ToJsonString() + root.ToJsonString());
            Assert.Equal("prod-eu", web["instances"]![0]!["cluster"]!.GetValue<string>());
            Assert.True(root["spec"]!["destination"]!["controlPlane"]!.GetValue<bool>());
            Assert.Equal(2, root["controlPlane"]!["resources"]!.AsArray().Count);
        }
        finally
        {
            await ((IAsyncLifetime)host).DisposeAsync();
        }
    }
}
