using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Applying;

public sealed class ResourcePathsTests
{
    private static readonly ResourceMapping Deployments = new("apps/v1", "Deployment", "deployments", true);
    private static readonly ResourceMapping Namespaces = new("v1", "Namespace", "namespaces", false);

    [Fact]
    public void Object_NamespacedGroupKind_UsesApisAndNamespace() =>
        Assert.Equal("apis/apps/v1/namespaces/shop/deployments/web", ResourcePaths.Object(Deployments, "shop", "web"));

    [Fact]
    public void Object_ClusterScopedCoreKind_UsesApiAndIgnoresNamespace() =>
        Assert.Equal("api/v1/namespaces/shop", ResourcePaths.Object(Namespaces, "ignored", "shop"));

    [Fact]
    public void Collection_AllNamespaces_HasNoNamespaceSegment() =>
        Assert.Equal("apis/apps/v1/deployments", ResourcePaths.Collection(Deployments, ns: null));

    [Fact]
    public void WithQuery_EscapesValuesAndSkipsNulls() =>
        Assert.Equal("p?labelSelector=app%20in%20%28a%2Cb%29&force=false",
            ResourcePaths.WithQuery("p", ("labelSelector", "app in (a,b)"), ("dryRun", null), ("force", "false")));

    [Theory]
    [InlineData("", "ConfigMap")]
    [InlineData("a/b/c", "ConfigMap")]
    [InlineData("apps/", "Deployment")]
    [InlineData("v1", " ")]
    public void ValidateApiVersion_Malformed_ThrowsBadRequest(string apiVersion, string kind)
    {
        var error = Assert.Throws<KubernetesApiException>(() => ResourcePaths.ValidateApiVersion(apiVersion, kind));

        Assert.Equal(400, error.Code);
    }
}
