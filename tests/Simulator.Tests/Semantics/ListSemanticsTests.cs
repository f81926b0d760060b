using System.Text.Json.Nodes;
using Fleet.Simulator.Tests.Infrastructure;

namespace Fleet.Simulator.Tests.Semantics;

[Collection(SimulatorCollection.Name)]
public sealed class ListSemanticsTests(SimulatorFixture fixture)
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static string[] Names(Reply list) =>
        [.. list.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];

    [Theory]
    [InlineData("env=prod", new[] { "a" })]
    [InlineData("env==prod", new[] { "a" })]
    [InlineData("env!=prod", new[] { "b", "c" })]
    [InlineData("env in (prod,dev)", new[] { "a", "b" })]
    [InlineData("env notin (prod)", new[] { "b", "c" })]
    [InlineData("env", new[] { "a", "b" })]
    [InlineData("!env", new[] { "c" })]
    [InlineData("env=prod,tier=web", new[] { "a" })]
    [InlineData("size>2", new[] { "b" })]
    public async Task List_LabelSelector_SelectsAsKubernetes(string selector, string[] expected)
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("a", labels: new() { ["env"] = "prod", ["tier"] = "web", ["size"] = "1" }));
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("b", labels: new() { ["env"] = "dev", ["size"] = "3" }));
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("c"));

        var list = await cluster.GetAsync($"{ConfigMaps}?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(200, list.Code);
        Assert.Equal(expected, Names(list));
    }

    [Fact]
    public async Task List_FieldSelector_ByNameAndNamespace()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync("/api/v1/namespaces", Manifests.Namespace("other"));
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("a"));
        await cluster.PostAsync("/api/v1/namespaces/other/configmaps", Manifests.ConfigMap("a"));
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("b"));

        var byName = await cluster.GetAsync($"/api/v1/configmaps?fieldSelector={Uri.EscapeDataString("metadata.name=a")}");
        var byNamespace = await cluster.GetAsync($"/api/v1/configmaps?fieldSelector={Uri.EscapeDataString("metadata.namespace=other")}");
        var notName = await cluster.GetAsync($"{ConfigMaps}?fieldSelector={Uri.EscapeDataString("metadata.name!=a")}");

        Assert.Equal(["a", "a"], Names(byName));
        Assert.Equal(["a"], Names(byNamespace));
        Assert.Equal(["b"], Names(notName));
    }

    [Fact]
    public async Task List_UnknownFieldSelector_Answers400()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.GetAsync($"{ConfigMaps}?fieldSelector=spec.x%3D1");

        Assert.Equal(400, reply.Code);
        Assert.Contains("is not a known field selector", reply.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_BadLabelSelector_Answers400()
    {
        var cluster = fixture.NewCluster();

        var reply = await cluster.GetAsync($"{ConfigMaps}?labelSelector={Uri.EscapeDataString("env in prod")}");

        Assert.Equal(400, reply.Code);
    }

    [Fact]
    public async Task List_LimitAndContinue_PagesThroughEverythingAtOneResourceVersion()
    {
        var cluster = fixture.NewCluster();
        for (var i = 0; i < 5; i++)
        {
            await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap($"cm{i}"));
        }

        var first = await cluster.GetAsync($"{ConfigMaps}?limit=2");
        var token = first.Json["metadata"]!["continue"]!.GetValue<string>();
        var second = await cluster.GetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(token)}");
        var token2 = second.Json["metadata"]!["continue"]!.GetValue<string>();
        var third = await cluster.GetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(token2)}");

        Assert.Equal(["cm0", "cm1"], Names(first));
        Assert.Equal(["cm2", "cm3"], Names(second));
        Assert.Equal(["cm4"], Names(third));
        Assert.Null(third.Json["metadata"]!["continue"]);
        Assert.Equal(first.Rv, second.Rv);
    }

    [Fact]
    public async Task List_Shape_HasKindApiVersionAndItems()
    {
        var cluster = fixture.NewCluster();

        var list = await cluster.GetAsync("/apis/apps/v1/namespaces/default/deployments");

        Assert.Equal("DeploymentList", list.Json["kind"]!.GetValue<string>());
        Assert.Equal("apps/v1", list.Json["apiVersion"]!.GetValue<string>());
        Assert.IsType<JsonArray>(list.Json["items"]);
    }

    [Fact]
    public async Task DeleteCollection_WithSelector_RemovesOnlyMatches()
    {
        var cluster = fixture.NewCluster();
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("a", labels: new() { ["drop"] = "yes" }));
        await cluster.PostAsync(ConfigMaps, Manifests.ConfigMap("b"));

        var reply = await cluster.DeleteAsync($"{ConfigMaps}?labelSelector=drop%3Dyes");

        Assert.Equal(200, reply.Code);
        Assert.Equal(["b"], Names(await cluster.GetAsync(ConfigMaps)));
    }
}
