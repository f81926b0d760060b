using System.Text.Json.Nodes;
using Fleet.Simulator.Discovery;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tests.Discovery;

public class OpenApiDocumentsTests
{
    [Fact]
    public void Index_BuiltIns_PointsAtEachGroupVersionUnderThePrefix()
    {
        var paths = OpenApiDocuments.Index(ResourceTypeRegistry.BuiltIn, "/clusters/dev")["paths"]!.AsObject();

        Assert.Contains("api/v1", paths.Select(p => p.Key));
        Assert.Contains("apis/apps/v1", paths.Select(p => p.Key));
        Assert.Contains("apis/apiextensions.k8s.io/v1", paths.Select(p => p.Key));
        var url = (string)paths["apis/apps/v1"]!["serverRelativeURL"]!;
        Assert.Matches("^/clusters/dev/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{64}$", url);
    }

    [Fact]
    public void Index_EmptyOrTrailingSlashPrefix_GivesRootRelativeUrls()
    {
        Assert.StartsWith("/openapi/v3/api/v1?hash=", (string)OpenApiDocuments.Index(ResourceTypeRegistry.BuiltIn, "")["paths"]!["api/v1"]!["serverRelativeURL"]!);
        Assert.StartsWith("/clusters/a/openapi/v3/api/v1?hash=", (string)OpenApiDocuments.Index(ResourceTypeRegistry.BuiltIn, "/clusters/a/")["paths"]!["api/v1"]!["serverRelativeURL"]!);
    }

    [Fact]
    public void Index_TypesChange_ChangesOnlyTheAffectedHash()
    {
        var before = OpenApiDocuments.Index(TestTypes.WithWidgets("v1"), "/c")["paths"]!;
        var changed = TestTypes.Widget() with { PrinterColumns = [], Schema = JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"string"}}}""")!.AsObject() };
        var after = OpenApiDocuments.Index(ResourceTypeRegistry.BuiltIn.WithCustomTypes("example.com", "widgets", [changed]), "/c")["paths"]!;

        Assert.NotEqual((string?)before["apis/example.com/v1"]!["serverRelativeURL"], (string?)after["apis/example.com/v1"]!["serverRelativeURL"]);
        Assert.Equal((string?)before["apis/apps/v1"]!["serverRelativeURL"], (string?)after["apis/apps/v1"]!["serverRelativeURL"]);
    }

    [Fact]
    public void Index_SameTypes_GivesSameHash()
    {
        var first = OpenApiDocuments.Index(TestTypes.WithWidgets("v1"), "/c");
        var second = OpenApiDocuments.Index(TestTypes.WithWidgets("v1"), "/c");

        Assert.True(JsonNode.DeepEquals(first, second));
    }

    [Fact]
    public void Index_CustomTypeAdded_AppearsInIndex()
    {
        Assert.Null(OpenApiDocuments.Index(ResourceTypeRegistry.BuiltIn, "")["paths"]!["apis/example.com/v1"]);
        Assert.NotNull(OpenApiDocuments.Index(TestTypes.WithWidgets("v1"), "")["paths"]!["apis/example.com/v1"]);
    }

    [Fact]
    public void GroupVersion_Deployment_ItemPathHasOperationsWithGvkObjects()
    {
        var doc = OpenApiDocuments.GroupVersion(ResourceTypeRegistry.BuiltIn, "apps", "v1")!;

        Assert.Equal("3.0.0", (string?)doc["openapi"]);
        var item = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!;
        var gvk = JsonNode.Parse("""{"group":"apps","version":"v1","kind":"Deployment"}""");
        foreach (var (method, action) in new[] { ("get", "get"), ("put", "put"), ("patch", "patch"), ("delete", "delete") })
        {
            Assert.True(JsonNode.DeepEquals(gvk, item[method]!["x-kubernetes-group-version-kind"]), method);
            Assert.Equal(action, (string?)item[method]!["x-kubernetes-action"]);
        }

        var collection = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments"]!;
        Assert.Equal("list", (string?)collection["get"]!["x-kubernetes-action"]);
        Assert.Equal("post", (string?)collection["post"]!["x-kubernetes-action"]);
        Assert.True(JsonNode.DeepEquals(gvk, collection["post"]!["x-kubernetes-group-version-kind"]));
    }

    [Fact]
    public void GroupVersion_PatchOperation_HasFieldValidationQueryParameterAndNoStrategicMerge()
    {
        var doc = OpenApiDocuments.GroupVersion(ResourceTypeRegistry.BuiltIn, "apps", "v1")!;
        var patch = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;

        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation" && (string?)p["in"] == "query");
        var content = patch["requestBody"]!["content"]!.AsObject();
        Assert.True(content.ContainsKey("application/apply-patch+yaml"));
        Assert.False(content.ContainsKey("application/strategic-merge-patch+json"));
    }

    [Fact]
    public void GroupVersion_ScaleAndStatus_HaveSubresourcePaths()
    {
        var paths = OpenApiDocuments.GroupVersion(ResourceTypeRegistry.BuiltIn, "apps", "v1")!["paths"]!;

        var scale = paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"autoscaling","version":"v1","kind":"Scale"}"""), scale["patch"]!["x-kubernetes-group-version-kind"]));
        Assert.NotNull(paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status"]!["put"]);
        Assert.Null(paths["/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}/scale"]);
        Assert.NotNull(paths["/apis/apps/v1/deployments"]!["get"]);
    }

    [Fact]
    public void GroupVersion_ClusterScopedType_HasNoNamespaceSegment()
    {
        var paths = OpenApiDocuments.GroupVersion(ResourceTypeRegistry.BuiltIn, "", "v1")!["paths"]!.AsObject();

        var patch = paths["/api/v1/namespaces/{name}"]!["patch"]!;
        Assert.Equal("Namespace", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation");
        Assert.NotNull(paths["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]);
    }

    [Fact]
    public void GroupVersion_BuiltInSchema_HasGvkArrayAndCoreProperties()
    {
        var schemas = OpenApiDocuments.GroupVersion(ResourceTypeRegistry.BuiltIn, "apps", "v1")!["components"]!["schemas"]!;

        var deployment = schemas["io.k8s.api.apps.v1.Deployment"]!;
        Assert.Equal("object", (string?)deployment["type"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"group":"apps","kind":"Deployment","version":"v1"}]"""), deployment["x-kubernetes-group-version-kind"]));
        foreach (var property in new[] { "apiVersion", "kind", "metadata", "spec", "status" })
        {
            Assert.NotNull(deployment["properties"]![property]);
        }

        Assert.NotNull(schemas[OpenApiSchemas.ObjectMeta]);
        Assert.NotNull(schemas[OpenApiSchemas.Scale]);
        Assert.NotNull(schemas["io.k8s.api.apps.v1.DeploymentList"]);
    }

    [Theory]
    [InlineData("", "v1", "Pod", false, "io.k8s.api.core.v1.Pod")]
    [InlineData("networking.k8s.io", "v1", "Ingress", false, "io.k8s.api.networking.v1.Ingress")]
    [InlineData("rbac.authorization.k8s.io", "v1", "Role", false, "io.k8s.api.rbac.v1.Role")]
    [InlineData("apiextensions.k8s.io", "v1", "CustomResourceDefinition", false, "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")]
    [InlineData("example.com", "v1alpha1", "Widget", true, "com.example.v1alpha1.Widget")]
    public void Name_GroupVersionKind_FollowsKubernetesNaming(string group, string version, string kind, bool custom, string expected) =>
        Assert.Equal(expected, OpenApiSchemas.Name(group, version, kind, custom));

    [Fact]
    public void GroupVersion_CustomType_EmbedsCrdSchemaAndPaths()
    {
        var registry = TestTypes.WithWidgets("v1");
        var doc = OpenApiDocuments.GroupVersion(registry, "example.com", "v1")!;

        var patch = doc["paths"]!["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]!["patch"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"example.com","version":"v1","kind":"Widget"}"""), patch["x-kubernetes-group-version-kind"]));
        var widget = doc["components"]!["schemas"]!["com.example.v1.Widget"]!;
        Assert.Equal("integer", (string?)widget["properties"]!["spec"]!["properties"]!["size"]!["type"]);
        Assert.NotNull(widget["properties"]!["metadata"]);
        Assert.Equal("Widget", (string?)widget["x-kubernetes-group-version-kind"]![0]!["kind"]);
        // The registry's schema is not modified by building the document.
        Assert.Null(registry.Find("example.com", "v1", "widgets")!.Schema!["x-kubernetes-group-version-kind"]);
    }

    [Fact]
    public void GroupVersion_Unknown_IsNull() =>
        Assert.Null(OpenApiDocuments.GroupVersion(ResourceTypeRegistry.BuiltIn, "example.com", "v1"));
}
