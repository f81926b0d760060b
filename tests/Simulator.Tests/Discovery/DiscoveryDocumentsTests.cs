using System.Text.Json.Nodes;
using Fleet.Simulator.Discovery;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tests.Discovery;

public class DiscoveryDocumentsTests
{
    private const string KubectlDiscoveryAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    [Theory]
    [InlineData(KubectlDiscoveryAccept, true)]
    [InlineData("application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io", true)]
    [InlineData("application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList", true)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", false)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json", false)]
    [InlineData("application/json", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void WantsAggregated_AcceptHeader_DecidesByV2Range(string? accept, bool expected) =>
        Assert.Equal(expected, DiscoveryDocuments.WantsAggregated(accept));

    [Fact]
    public void Version_Always_ClaimsKubernetes132()
    {
        var version = DiscoveryDocuments.Version();

        Assert.Equal("1", (string?)version["major"]);
        Assert.Equal("32", (string?)version["minor"]);
        Assert.StartsWith("v1.32.", (string?)version["gitVersion"]);
        Assert.Equal("linux/amd64", (string?)version["platform"]);
    }

    [Fact]
    public void CoreVersions_ServerAddress_HasNoApiVersionField()
    {
        var doc = DiscoveryDocuments.CoreVersions("127.0.0.1:6443");

        Assert.Equal("APIVersions", (string?)doc["kind"]);
        Assert.False(doc.ContainsKey("apiVersion"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["v1"]"""), doc["versions"]));
        Assert.Equal("0.0.0.0/0", (string?)doc["serverAddressByClientCIDRs"]![0]!["clientCIDR"]);
        Assert.Equal("127.0.0.1:6443", (string?)doc["serverAddressByClientCIDRs"]![0]!["serverAddress"]);
    }

    [Fact]
    public void GroupList_BuiltIns_ListsNamedGroupsWithPreferredVersion()
    {
        var doc = DiscoveryDocuments.GroupList(ResourceTypeRegistry.BuiltIn);

        Assert.Equal("APIGroupList", (string?)doc["kind"]);
        Assert.Equal("v1", (string?)doc["apiVersion"]);
        var groups = doc["groups"]!.AsArray();
        Assert.DoesNotContain(groups, g => (string?)g!["name"] == "");
        var apps = groups.Single(g => (string?)g!["name"] == "apps")!;
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}"""),
            apps));
    }

    [Fact]
    public void Group_SeveralVersions_ListsEachAndPrefersTheFirst()
    {
        var doc = DiscoveryDocuments.Group(TestTypes.WithWidgets("v2", "v1"), "example.com")!;

        Assert.Equal("APIGroup", (string?)doc["kind"]);
        Assert.Equal("v1", (string?)doc["apiVersion"]);
        Assert.Equal(["example.com/v2", "example.com/v1"], doc["versions"]!.AsArray().Select(v => (string)v!["groupVersion"]!));
        Assert.Equal("v2", (string?)doc["preferredVersion"]!["version"]);
    }

    [Fact]
    public void Group_UnknownOrCore_IsNull()
    {
        Assert.Null(DiscoveryDocuments.Group(ResourceTypeRegistry.BuiltIn, "example.com"));
        Assert.Null(DiscoveryDocuments.Group(ResourceTypeRegistry.BuiltIn, ""));
    }

    [Fact]
    public void ResourceList_Deployments_HaveMainStatusAndScaleEntries()
    {
        var doc = DiscoveryDocuments.ResourceList(ResourceTypeRegistry.BuiltIn, "apps", "v1")!;

        Assert.Equal("APIResourceList", (string?)doc["kind"]);
        Assert.Equal("v1", (string?)doc["apiVersion"]);
        Assert.Equal("apps/v1", (string?)doc["groupVersion"]);
        var resources = doc["resources"]!.AsArray();

        var main = Entry(resources, "deployments");
        Assert.Equal("deployment", (string?)main["singularName"]);
        Assert.True((bool)main["namespaced"]!);
        Assert.Equal("Deployment", (string?)main["kind"]);
        Assert.Equal(ResourceType.StandardVerbs, Strings(main["verbs"]));
        Assert.Equal(["deploy"], Strings(main["shortNames"]));
        Assert.Equal(["all"], Strings(main["categories"]));
        Assert.False(string.IsNullOrEmpty((string?)main["storageVersionHash"]));
        Assert.False(main.ContainsKey("group"));

        var status = Entry(resources, "deployments/status");
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"name":"deployments/status","singularName":"","namespaced":true,"kind":"Deployment","verbs":["get","patch","update"]}"""),
            status));

        var scale = Entry(resources, "deployments/scale");
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"name":"deployments/scale","singularName":"","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get","patch","update"]}"""),
            scale));
    }

    [Fact]
    public void ResourceList_TypeWithoutSubresources_HasOnlyMainEntry()
    {
        var resources = DiscoveryDocuments.ResourceList(ResourceTypeRegistry.BuiltIn, "", "v1")!["resources"]!.AsArray();

        Assert.Contains(resources, r => (string?)r!["name"] == "configmaps");
        Assert.DoesNotContain(resources, r => ((string?)r!["name"])!.StartsWith("configmaps/", StringComparison.Ordinal));
        Assert.False(Entry(resources, "secrets").ContainsKey("shortNames"));
        Assert.False((bool)Entry(resources, "namespaces")["namespaced"]!);
        Assert.Equal(["update"], Strings(Entry(resources, "namespaces/finalize")["verbs"]));
    }

    [Fact]
    public void ResourceList_UnknownGroupVersion_IsNull() =>
        Assert.Null(DiscoveryDocuments.ResourceList(ResourceTypeRegistry.BuiltIn, "apps", "v1beta1"));

    [Fact]
    public void ResourceList_CustomType_AppearsLikeBuiltIns()
    {
        var doc = DiscoveryDocuments.ResourceList(TestTypes.WithWidgets("v1"), "example.com", "v1")!;
        var resources = doc["resources"]!.AsArray();

        Assert.Equal("example.com/v1", (string?)doc["groupVersion"]);
        Assert.Equal("Widget", (string?)Entry(resources, "widgets")["kind"]);
        Assert.Equal(["wd"], Strings(Entry(resources, "widgets")["shortNames"]));
        Assert.Equal("Scale", (string?)Entry(resources, "widgets/scale")["kind"]);
        Assert.Equal("Widget", (string?)Entry(resources, "widgets/status")["kind"]);
    }

    [Fact]
    public void StorageVersionHash_SameType_IsStableAndDistinct()
    {
        Assert.Equal(DiscoveryDocuments.StorageVersionHash(BuiltInTypes.Pod), DiscoveryDocuments.StorageVersionHash(BuiltInTypes.Pod));
        Assert.NotEqual(DiscoveryDocuments.StorageVersionHash(BuiltInTypes.Pod), DiscoveryDocuments.StorageVersionHash(BuiltInTypes.Service));
    }

    [Fact]
    public void AggregatedCore_BuiltIns_HasOneItemNamedEmpty()
    {
        var doc = DiscoveryDocuments.AggregatedCore(ResourceTypeRegistry.BuiltIn);

        Assert.Equal("APIGroupDiscoveryList", (string?)doc["kind"]);
        Assert.Equal("apidiscovery.k8s.io/v2", (string?)doc["apiVersion"]);
        Assert.True(JsonNode.DeepEquals(new JsonObject(), doc["metadata"]));
        var item = Assert.Single(doc["items"]!.AsArray())!;
        Assert.Equal("", (string?)item["metadata"]!["name"]);
        var version = Assert.Single(item["versions"]!.AsArray())!;
        Assert.Equal("v1", (string?)version["version"]);
        Assert.Equal("Current", (string?)version["freshness"]);

        var namespaces = version["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "namespaces")!;
        Assert.Equal("Cluster", (string?)namespaces["scope"]);
        var pods = version["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "pods")!;
        Assert.Equal("Namespaced", (string?)pods["scope"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"group":"","version":"","kind":"Pod"}"""), pods["responseKind"]));
    }

    [Fact]
    public void AggregatedGroups_Deployment_MatchesRealShape()
    {
        var doc = DiscoveryDocuments.AggregatedGroups(ResourceTypeRegistry.BuiltIn);

        var items = doc["items"]!.AsArray();
        Assert.DoesNotContain(items, i => (string?)i!["metadata"]!["name"] == "");
        var apps = items.Single(i => (string?)i!["metadata"]!["name"] == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "deployments")!;
        var expected = JsonNode.Parse("""
            {"resource":"deployments","responseKind":{"group":"","version":"","kind":"Deployment"},"scope":"Namespaced",
             "singularResource":"deployment","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
             "shortNames":["deploy"],"categories":["all"],
             "subresources":[
               {"subresource":"scale","responseKind":{"group":"autoscaling","version":"v1","kind":"Scale"},"verbs":["get","patch","update"]},
               {"subresource":"status","responseKind":{"group":"","version":"","kind":"Deployment"},"verbs":["get","patch","update"]}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, deployments), deployments.ToJsonString());
    }

    [Fact]
    public void AggregatedGroups_CustomTypeWithTwoVersions_ListsVersionsInPreferenceOrder()
    {
        var doc = DiscoveryDocuments.AggregatedGroups(TestTypes.WithWidgets("v2", "v1"));

        var group = doc["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "example.com")!;
        var versions = group["versions"]!.AsArray();
        Assert.Equal(["v2", "v1"], versions.Select(v => (string)v!["version"]!));
        var widgets = versions[0]!["resources"]![0]!;
        Assert.Equal("widgets", (string?)widgets["resource"]);
        Assert.Equal("Widget", (string?)widgets["responseKind"]!["kind"]);
        Assert.Equal(["scale", "status"], widgets["subresources"]!.AsArray().Select(s => (string)s!["subresource"]!));
        Assert.Equal(SubresourceVerbs, Strings(widgets["subresources"]![1]!["verbs"]));
    }

    [Fact]
    public void AggregatedGroups_TypeWithoutSubresources_OmitsSubresources()
    {
        var doc = DiscoveryDocuments.AggregatedGroups(ResourceTypeRegistry.BuiltIn);

        var rbac = doc["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "rbac.authorization.k8s.io")!;
        var roles = rbac["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "roles")!.AsObject();
        Assert.False(roles.ContainsKey("subresources"));
        Assert.False(roles.ContainsKey("shortNames"));
    }

    private static JsonObject Entry(JsonArray resources, string name) =>
        resources.Single(r => (string?)r!["name"] == name)!.AsObject();

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(v => (string)v!);
}
