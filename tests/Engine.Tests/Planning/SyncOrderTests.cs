using Fleet.Engine.Planning;

namespace Fleet.Engine.Tests.Planning;

public class SyncOrderTests
{
    private static readonly Obj[] Mixed =
    [
        new("example.com/v1", "Widget", "shop", "w1"),
        new("networking.k8s.io/v1", "Ingress", "shop", "web"),
        new("apps/v1", "Deployment", "shop", "web"),
        new("v1", "Service", "shop", "web"),
        new("policy/v1", "PodDisruptionBudget", "shop", "web"),
        new("v1", "ConfigMap", "shop", "settings"),
        new("rbac.authorization.k8s.io/v1", "RoleBinding", "shop", "web"),
        new("v1", "ServiceAccount", "shop", "web"),
        new("rbac.authorization.k8s.io/v1", "Role", "shop", "web"),
        new("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "widgets.example.com"),
        new("v1", "PersistentVolumeClaim", "shop", "data"),
        new("v1", "Namespace", null, "shop"),
    ];

    [Theory]
    [InlineData("v1", "Namespace", 0)]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition", 1)]
    [InlineData("v1", "Secret", 5)]
    [InlineData("apps/v1", "StatefulSet", 8)]
    [InlineData("policy/v1", "PodDisruptionBudget", 10)]
    [InlineData("example.com/v1", "Widget", 11)]
    [InlineData("example.com/v1", "Service", 11)]
    public void Wave_KnownAndUnknownKinds_ReturnsItsWave(string apiVersion, string kind, int expected)
    {
        Assert.Equal(expected, SyncOrder.Wave(apiVersion, kind));
    }

    [Fact]
    public void ForApply_MixedSet_NamespaceFirstCrdBeforeItsResourceAndDependenciesBeforeWorkloads()
    {
        var ordered = SyncOrder.ForApply(Mixed, Key).Select(o => o.Kind).ToList();

        Assert.Equal(
            ["Namespace", "CustomResourceDefinition", "ServiceAccount", "Role", "RoleBinding", "ConfigMap",
             "PersistentVolumeClaim", "Service", "Deployment", "Ingress", "PodDisruptionBudget", "Widget"],
            ordered);
    }

    [Fact]
    public void ForPrune_MixedSet_ReversesTheWaves()
    {
        var ordered = SyncOrder.ForPrune(Mixed, Key).Select(o => o.Kind).ToList();

        Assert.Equal(
            ["Widget", "PodDisruptionBudget", "Ingress", "Deployment", "Service", "PersistentVolumeClaim", "ConfigMap",
             "RoleBinding", "Role", "ServiceAccount", "CustomResourceDefinition", "Namespace"],
            ordered);
    }

    [Fact]
    public void ForApply_SameWave_OrdersByNamespaceThenNameWhateverTheInputOrder()
    {
        Obj[] configs =
        [
            new("v1", "Secret", "b", "x"),
            new("v1", "ConfigMap", "a", "z"),
            new("v1", "ConfigMap", "b", "a"),
            new("v1", "Secret", "a", "y"),
        ];

        var forward = SyncOrder.ForApply(configs, Key);
        var backward = SyncOrder.ForApply(configs.Reverse(), Key);

        Assert.Equal([configs[3], configs[1], configs[2], configs[0]], forward);
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void ForApply_Empty_ReturnsEmpty()
    {
        Assert.Empty(SyncOrder.ForApply(Array.Empty<Obj>(), Key));
    }

    private static (string ApiVersion, string Kind, string? Namespace, string Name) Key(Obj o) => (o.ApiVersion, o.Kind, o.Namespace, o.Name);

    private sealed record Obj(string ApiVersion, string Kind, string? Namespace, string Name);
}
