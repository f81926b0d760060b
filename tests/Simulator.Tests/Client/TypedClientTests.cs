using System.Net;
using Fleet.Simulator.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Fleet.Simulator.Tests.Client;

/// <summary>The typed KubernetesClient API against a virtual cluster: the calls Fleet's controllers make.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class TypedClientTests(SimulatorFixture fixture)
{
    [Fact]
    public async Task ConfigMap_CreateReadReplacePatchDelete_RoundTripsThroughTypedModel()
    {
        using var client = Clients.For(fixture.NewCluster());

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("settings"), Clients.Default);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", Clients.Default);
        read.Data["k"] = "replaced";
        var replaced = await client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", Clients.Default);
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"extra":"x"}}""", V1Patch.PatchType.MergePatch), "settings", Clients.Default);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("settings", Clients.Default);
        var gone = await Clients.FailureOf(() => client.CoreV1.ReadNamespacedConfigMapAsync("settings", Clients.Default));

        Assert.Equal(Clients.Default, created.Metadata.NamespaceProperty);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal("replaced", replaced.Data["k"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "replaced", ["extra"] = "x" }, patched.Data);
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Deployment_CreateReadReplacePatchDelete_RoundTripsThroughTypedModel()
    {
        using var client = Clients.For(fixture.NewCluster());

        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Models.Deployment("web"), Clients.Default);
        var replaced = await ReplaceOnLatestAsync(client, "web", d => d.Spec.Template.Spec.Containers[0].Image = "nginx:1.28");
        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"a"}}}""", V1Patch.PatchType.MergePatch), "web", Clients.Default);
        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", Clients.Default);
        var list = await client.AppsV1.ListNamespacedDeploymentAsync(Clients.Default);

        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("nginx:1.28", replaced.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(2, replaced.Metadata.Generation);
        Assert.Equal("a", patched.Metadata.Labels["team"]);
        Assert.Equal("web", patched.Metadata.Labels["app"]);
        Assert.Equal("nginx:1.28", patched.Spec.Template.Spec.Containers[0].Image);
        Assert.DoesNotContain(list.Items, d => d.Metadata.Name == "web");
    }

    // Read, change, replace; on 409 read again, as clients do: the deployment controller writes the object's status
    // in between, and a replace carries the resourceVersion it read.
    private static async Task<V1Deployment> ReplaceOnLatestAsync(IKubernetes client, string name, Action<V1Deployment> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = await client.AppsV1.ReadNamespacedDeploymentAsync(name, Clients.Default);
            change(read);
            try
            {
                return await client.AppsV1.ReplaceNamespacedDeploymentAsync(read, name, Clients.Default);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }
    }

    [Fact]
    public async Task ListConfigMaps_WithLabelSelector_ReturnsOnlyMatchingItems()
    {
        using var client = Clients.For(fixture.NewCluster());
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("front", new Dictionary<string, string> { ["tier"] = "web" }), Clients.Default);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("back", new Dictionary<string, string> { ["tier"] = "db" }), Clients.Default);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("plain"), Clients.Default);

        var web = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Default, labelSelector: "tier=web");
        var anyTier = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Default, labelSelector: "tier");
        var notWeb = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Default, labelSelector: "tier!=web");

        Assert.Equal(["front"], web.Items.Select(c => c.Metadata.Name));
        Assert.Equal(["back", "front"], anyTier.Items.Select(c => c.Metadata.Name).Order());
        Assert.Equal(["back", "plain"], notWeb.Items.Select(c => c.Metadata.Name).Order());
        Assert.False(string.IsNullOrEmpty(web.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task DeploymentScale_ReadAndPatch_ChangesSpecReplicas()
    {
        using var client = Clients.For(fixture.NewCluster());
        await client.AppsV1.CreateNamespacedDeploymentAsync(Models.Deployment("web", replicas: 2), Clients.Default);

        var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", Clients.Default);
        var patched = await client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "web", Clients.Default);
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("web", Clients.Default);

        Assert.Equal("Scale", scale.Kind);
        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal(2, scale.Spec.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);
        Assert.Equal(5, patched.Spec.Replicas);
        Assert.Equal(5, deployment.Spec.Replicas);
    }

    [Fact]
    public async Task ReadConfigMap_Missing_ThrowsHttpOperationExceptionWithNotFoundStatus()
    {
        using var client = Clients.For(fixture.NewCluster());

        var error = await Clients.FailureOf(() => client.CoreV1.ReadNamespacedConfigMapAsync("absent", Clients.Default));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        var status = Clients.StatusOf(error);
        Assert.Equal("Status", status.Kind);
        Assert.Equal("Failure", status.Status);
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal(404, status.Code);
        Assert.Equal("absent", status.Details.Name);
        Assert.Equal("configmaps", status.Details.Kind);
        Assert.Equal("configmaps \"absent\" not found", status.Message);
    }

    [Fact]
    public async Task CreateDeployment_NameTaken_ThrowsHttpOperationExceptionWithAlreadyExistsStatus()
    {
        using var client = Clients.For(fixture.NewCluster());
        await client.AppsV1.CreateNamespacedDeploymentAsync(Models.Deployment("web"), Clients.Default);

        var error = await Clients.FailureOf(() => client.AppsV1.CreateNamespacedDeploymentAsync(Models.Deployment("web"), Clients.Default));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = Clients.StatusOf(error);
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal(409, status.Code);
        Assert.Equal("deployments.apps \"web\" already exists", status.Message);
        Assert.Equal("apps", status.Details.Group);
    }

    // Needs the workload controllers (being merged in parallel): until then Deployments get no status.
    [Fact]
    public async Task Deployment_WorkloadControllers_ReportReadyReplicasThroughTypedStatus()
    {
        using var client = Clients.For(fixture.NewCluster());
        await client.AppsV1.CreateNamespacedDeploymentAsync(Models.Deployment("web", replicas: 3), Clients.Default);

        var deployment = await TestCluster.EventuallyAsync(
            () => client.AppsV1.ReadNamespacedDeploymentStatusAsync("web", Clients.Default),
            d => d.Status?.ReadyReplicas == 3);

        Assert.Equal(3, deployment.Status?.ReadyReplicas);
        Assert.Equal(3, deployment.Status?.UpdatedReplicas);
        Assert.Equal(deployment.Metadata.Generation, deployment.Status?.ObservedGeneration);
    }
}
