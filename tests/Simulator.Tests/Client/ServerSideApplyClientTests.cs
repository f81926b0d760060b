using System.Net;
using Fleet.Simulator.Tests.Infrastructure;
using k8s.Models;
using k8s;

namespace Fleet.Simulator.Tests.Client;

/// <summary>Server-side apply as Fleet's sync step sends it: JSON apply patches through the typed client.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class ServerSideApplyClientTests(SimulatorFixture fixture)
{
    private const string Manager = "fleet";

    [Fact]
    public async Task Apply_NewObject_CreatesItWithAppliedFields()
    {
        using var client = Clients.For(fixture.NewCluster());

        var applied = await ApplyAsync(client, DeploymentConfig("web", replicas: 3, annotations: """{"owner":"fleet"}"""));
        var read = await client.AppsV1.ReadNamespacedDeploymentAsync("web", Clients.Default);

        Assert.Equal(3, applied.Spec.Replicas);
        Assert.Equal("fleet", read.Metadata.Annotations["owner"]);
        Assert.Equal(applied.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal(1, read.Metadata.Generation);
        Assert.Equal("nginx:1.27", read.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task Apply_IdenticalConfigAgain_KeepsResourceVersion()
    {
        using var client = Clients.For(fixture.NewCluster());
        await ApplyAsync(client, DeploymentConfig("web"));
        // The rollout writes status (new resourceVersions) until it is done; compare once it is steady.
        var first = await SteadyAsync(client, "web");

        var second = await ApplyAsync(client, DeploymentConfig("web"));

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(first.Metadata.Generation, second.Metadata.Generation);
    }

    [Fact]
    public async Task Apply_FieldDroppedFromConfig_RemovesItFromLiveObject()
    {
        using var client = Clients.For(fixture.NewCluster());
        await ApplyAsync(client, DeploymentConfig("web", annotations: """{"owner":"fleet","ticket":"123"}"""));

        await ApplyAsync(client, DeploymentConfig("web", annotations: """{"owner":"fleet"}"""));
        var live = await client.AppsV1.ReadNamespacedDeploymentAsync("web", Clients.Default);

        Assert.Equal("fleet", live.Metadata.Annotations["owner"]);
        Assert.False(live.Metadata.Annotations.ContainsKey("ticket"));
    }

    [Fact]
    public async Task Apply_FieldOwnedByAnotherManagerWithoutForce_ThrowsConflictNamingOwner()
    {
        using var client = Clients.For(fixture.NewCluster());
        await ApplyAsync(client, DeploymentConfig("web", replicas: 2));

        var error = await Clients.FailureOf(() => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(DeploymentConfig("web", replicas: 7), V1Patch.PatchType.ApplyPatch), "web", Clients.Default, fieldManager: "intruder"));
        var live = await client.AppsV1.ReadNamespacedDeploymentAsync("web", Clients.Default);

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = Clients.StatusOf(error);
        Assert.Equal("Conflict", status.Reason);
        Assert.Contains("Apply failed with 1 conflict", status.Message);
        Assert.Contains("conflict with \"fleet\"", status.Message);
        Assert.Contains(".spec.replicas", status.Message);
        Assert.Equal(2, live.Spec.Replicas);
    }

    [Fact]
    public async Task Apply_DryRunAll_ReturnsResultWithoutPersisting()
    {
        using var client = Clients.For(fixture.NewCluster());
        await ApplyAsync(client, DeploymentConfig("web", replicas: 2));
        var before = await SteadyAsync(client, "web");

        var preview = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(DeploymentConfig("web", replicas: 9), V1Patch.PatchType.ApplyPatch), "web", Clients.Default,
            dryRun: "All", fieldManager: Manager, force: true);
        var live = await client.AppsV1.ReadNamespacedDeploymentAsync("web", Clients.Default);

        Assert.Equal(9, preview.Spec.Replicas);
        Assert.Equal(2, live.Spec.Replicas);
        Assert.Equal(before.Metadata.ResourceVersion, live.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Apply_DryRunAllOnMissingObject_DoesNotCreateIt()
    {
        using var client = Clients.For(fixture.NewCluster());

        var preview = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(DeploymentConfig("ghost"), V1Patch.PatchType.ApplyPatch), "ghost", Clients.Default,
            dryRun: "All", fieldManager: Manager, force: true);
        var error = await Clients.FailureOf(() => client.AppsV1.ReadNamespacedDeploymentAsync("ghost", Clients.Default));

        Assert.Equal("ghost", preview.Metadata.Name);
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Apply_ManagedFields_ReadBackAsTypedApplyEntryForFleet()
    {
        using var client = Clients.For(fixture.NewCluster());
        await ApplyAsync(client, DeploymentConfig("web"));

        var live = await client.AppsV1.ReadNamespacedDeploymentAsync("web", Clients.Default);

        var entry = Assert.Single(live.Metadata.ManagedFields, e => e.Manager == Manager);
        Assert.Equal("Apply", entry.Operation);
        Assert.Equal("apps/v1", entry.ApiVersion);
        Assert.Equal("FieldsV1", entry.FieldsType);
        Assert.NotNull(entry.Time);
        var fields = KubernetesJson.Serialize(entry.FieldsV1);
        Assert.Contains("f:replicas", fields);
        Assert.Contains("f:containers", fields);
    }

    private static async Task<V1Deployment> SteadyAsync(k8s.Kubernetes client, string name)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, Clients.Default);
            var done = deployment.Status?.ObservedGeneration == deployment.Metadata.Generation
                && (deployment.Status?.AvailableReplicas ?? 0) == deployment.Spec.Replicas;
            if (done || DateTime.UtcNow > deadline)
            {
                return deployment;
            }
            await Task.Delay(20);
        }
    }

    private static Task<V1Deployment> ApplyAsync(k8s.Kubernetes client, string config) =>
        client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(config, V1Patch.PatchType.ApplyPatch), NameOf(config), Clients.Default, fieldManager: Manager, force: true);

    private static string NameOf(string config) =>
        System.Text.Json.Nodes.JsonNode.Parse(config)!["metadata"]!["name"]!.GetValue<string>();

    // The applied configuration holds only the fields Fleet manages; annotations are the field the tests add and drop.
    private static string DeploymentConfig(string name, int replicas = 2, string annotations = "{}") => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "{{name}}", "annotations": {{annotations}} },
          "spec": {
            "replicas": {{replicas}},
            "selector": { "matchLabels": { "app": "{{name}}" } },
            "template": {
              "metadata": { "labels": { "app": "{{name}}" } },
              "spec": { "containers": [ { "name": "web", "image": "nginx:1.27" } ] }
            }
          }
        }
        """;
}
