using Fleet.Simulator.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Fleet.Simulator.Tests.Client;

/// <summary>KubernetesClient watches (the informer path of a controller) against a virtual cluster.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class WatchClientTests(SimulatorFixture fixture)
{
    [Fact]
    public async Task Watch_ConfigMapLifecycle_SeesAddedModifiedDeleted()
    {
        using var client = Clients.For(fixture.NewCluster());
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Default);
        using var watch = TypedWatch<V1ConfigMap>.Start((onEvent, onError, onClosed) => client.CoreV1.WatchListNamespacedConfigMap(
            Clients.Default, resourceVersion: list.Metadata.ResourceVersion, onEvent: onEvent, onError: onError, onClosed: onClosed));

        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("watched"), Clients.Default);
        var added = await watch.NextAsync();
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"2"}}""", V1Patch.PatchType.MergePatch), "watched", Clients.Default);
        var modified = await watch.NextAsync();
        await client.CoreV1.DeleteNamespacedConfigMapAsync("watched", Clients.Default);
        var deleted = await watch.NextAsync();

        Assert.Equal((WatchEventType.Added, "watched"), (added?.Type, added?.Object.Metadata.Name));
        Assert.Equal((WatchEventType.Modified, "2"), (modified?.Type, modified?.Object.Data["k"]));
        Assert.Equal((WatchEventType.Deleted, "watched"), (deleted?.Type, deleted?.Object.Metadata.Name));
        Assert.True(long.Parse(modified!.Value.Object.Metadata.ResourceVersion) > long.Parse(added!.Value.Object.Metadata.ResourceVersion));
        Assert.Empty(watch.Errors);
    }

    [Fact]
    public async Task Watch_FromListResourceVersion_SkipsObjectsTheListAlreadyHad()
    {
        using var client = Clients.For(fixture.NewCluster());
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("listed"), Clients.Default);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Default);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("missed-by-list"), Clients.Default);

        using var watch = TypedWatch<V1ConfigMap>.Start((onEvent, onError, onClosed) => client.CoreV1.WatchListNamespacedConfigMap(
            Clients.Default, resourceVersion: list.Metadata.ResourceVersion, onEvent: onEvent, onError: onError, onClosed: onClosed));
        var first = await watch.NextAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("later"), Clients.Default);
        var second = await watch.NextAsync();

        Assert.Equal(["listed"], list.Items.Select(c => c.Metadata.Name));
        Assert.Equal((WatchEventType.Added, "missed-by-list"), (first?.Type, first?.Object.Metadata.Name));
        Assert.Equal((WatchEventType.Added, "later"), (second?.Type, second?.Object.Metadata.Name));
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithSyntheticAddedForExistingObjects()
    {
        using var client = Clients.For(fixture.NewCluster());
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("existing"), Clients.Default);

        using var watch = TypedWatch<V1ConfigMap>.Start((onEvent, onError, onClosed) => client.CoreV1.WatchListNamespacedConfigMap(
            Clients.Default, onEvent: onEvent, onError: onError, onClosed: onClosed));
        var first = await watch.NextAsync();

        Assert.Equal((WatchEventType.Added, "existing"), (first?.Type, first?.Object.Metadata.Name));
    }

    [Fact]
    public async Task Watch_WithLabelSelector_OnlySeesMatchingObjects()
    {
        using var client = Clients.For(fixture.NewCluster());
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(Clients.Default);
        using var watch = TypedWatch<V1ConfigMap>.Start((onEvent, onError, onClosed) => client.CoreV1.WatchListNamespacedConfigMap(
            Clients.Default, labelSelector: "team=fleet", resourceVersion: list.Metadata.ResourceVersion,
            onEvent: onEvent, onError: onError, onClosed: onClosed));

        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("other", new Dictionary<string, string> { ["team"] = "other" }), Clients.Default);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("unlabelled"), Clients.Default);
        await client.CoreV1.CreateNamespacedConfigMapAsync(Models.ConfigMap("ours", new Dictionary<string, string> { ["team"] = "fleet" }), Clients.Default);
        var first = await watch.NextAsync();
        // Relabelling an object out of the selector is a DELETED for this watch, as on a real API server.
        await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"gone"}}}""", V1Patch.PatchType.MergePatch), "ours", Clients.Default);
        var second = await watch.NextAsync();

        Assert.Equal((WatchEventType.Added, "ours"), (first?.Type, first?.Object.Metadata.Name));
        Assert.Equal((WatchEventType.Deleted, "ours"), (second?.Type, second?.Object.Metadata.Name));
    }
}
