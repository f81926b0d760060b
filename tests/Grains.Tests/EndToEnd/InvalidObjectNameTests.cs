using Fleet.Engine.Status;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>
/// A name or namespace that breaks Kubernetes' rules is refused before any request: "." and ".." in a URL would make
/// Fleet list a whole kind across the cluster with its own credentials and show the answer in the diff.
/// </summary>
[Collection(FleetClusterCollection.Name)]
public sealed class InvalidObjectNameTests(FleetCluster fleet)
{
    private const string DotSecret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: "."
          namespace: ".."
        stringData:
          x: y
        """;

    [Fact]
    public async Task ManifestNamedDotInNamespaceDotDot_RenderFailsAndNothingIsRequested()
    {
        var scenario = new GitOpsScenario(fleet);
        var commit = await scenario.CreateRepositoryAsync(new Dictionary<string, string>
        {
            ["app/configmap.yaml"] = SampleManifests.ConfigMap("settings", "one"),
            ["app/secret.yaml"] = DotSecret,
        });
        var cluster = await scenario.AddClusterAsync();
        var simulated = fleet.Simulator.Cluster(cluster);

        await scenario.PutApplicationAsync();
        var view = await scenario.WaitForInstanceAsync(cluster, v => v.Conditions.Any(c => c.Type == ConditionTypes.RenderFailed));

        var condition = Assert.Single(view!.Conditions, c => c.Type == ConditionTypes.RenderFailed);
        Assert.Equal("True", condition.Status);
        Assert.Contains("app/secret.yaml", condition.Message, StringComparison.Ordinal);
        Assert.Contains("metadata.name \".\": a lowercase RFC 1123 subdomain", condition.Message, StringComparison.Ordinal);
        Assert.Contains("metadata.namespace \"..\": a lowercase RFC 1123 label", condition.Message, StringComparison.Ordinal);
        Assert.Contains(commit[..7], condition.Message, StringComparison.Ordinal);
        // Nothing of the render reached the cluster: no list, no read, no apply, not even of the valid ConfigMap.
        Assert.Equal(0, simulated.ListRequestCount);
        Assert.Equal(0, simulated.ObjectRequestCount);
        Assert.Empty(view.Resources);
        Assert.Null(await scenario.LiveAsync(cluster, "/api/v1/namespaces/default/configmaps/settings"));
    }
}
