using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>The <c>helm</c> section of an application: checked at PUT, shown by GET.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class ApplicationHelmApiTests(FleetHost host)
{
    [Theory]
    [InlineData("""{"releaseName":"Shop_1"}""", "helm.releaseName", "Helm release name")]
    [InlineData("""{"releaseName":"a-release-name-that-is-far-too-long-for-helm-to-accept-x"}""", "helm.releaseName", "at most 53")]
    [InlineData("""{"valueFiles":[""]}""", "helm.valueFiles[0]", "must name a values file")]
    [InlineData("""{"valueFiles":["values.yaml","/etc/fleet/values.yaml"]}""", "helm.valueFiles[1]", "not absolute")]
    [InlineData("""{"valueFiles":["../../../values.yaml"]}""", "helm.valueFiles[0]", "leaves the repository")]
    [InlineData("""{"valueFiles":["https://example.com/values.yaml"]}""", "helm.valueFiles[0]", "not absolute or a URL")]
    [InlineData("""{"values":[1,2]}""", "helm.values", "JSON object")]
    [InlineData("""{"values":"replicaCount: 2"}""", "helm.values", "JSON object")]
    public async Task PutApplication_BadHelmSection_Answers400NamingTheField(string helm, string field, string reason)
    {
        using var client = host.CreateClient();
        var body = new JsonObject
        {
            ["repository"] = ApiWorld.Unique("r"),
            ["path"] = "charts/web",
            ["destination"] = new JsonObject { ["clusters"] = new JsonArray("c") },
            ["helm"] = JsonNode.Parse(helm),
        };

        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{ApiWorld.Unique("a")}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiWorld.JsonAsync(response))["errors"]!.AsObject();
        Assert.Contains(reason, Assert.Single(errors[field]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutApplication_UnknownHelmField_Answers400NamingIt()
    {
        using var client = host.CreateClient();
        var body = new JsonObject
        {
            ["repository"] = ApiWorld.Unique("r"),
            ["path"] = "charts/web",
            ["destination"] = new JsonObject { ["clusters"] = new JsonArray("c") },
            ["helm"] = new JsonObject { ["valuesFiles"] = new JsonArray("values.yaml") },
        };

        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{ApiWorld.Unique("a")}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("valuesFiles", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutApplication_HelmSection_IsStoredAndShownWithValuesAsAnObject()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync();
        var name = ApiWorld.Unique("a");

        using var put = await client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository = world.Repository,
            path = "charts/web",
            destination = new { clusters = new[] { cluster }, @namespace = "shop" },
            helm = new
            {
                releaseName = "shop",
                valueFiles = new[] { "values.yaml", "values-{{cluster.labels.env}}.yaml" },
                values = new { replicaCount = 2, image = new { tag = "1.27" } },
            },
        });
        var view = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/applications/{name}"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var helm = view["spec"]!["helm"]!;
        Assert.Equal("shop", helm["releaseName"]!.GetValue<string>());
        Assert.Equal(["values.yaml", "values-{{cluster.labels.env}}.yaml"], helm["valueFiles"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(2, helm["values"]!["replicaCount"]!.GetValue<int>());
        Assert.Equal("1.27", helm["values"]!["image"]!["tag"]!.GetValue<string>());
    }
}
