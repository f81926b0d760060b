using System.Net;
using System.Text;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>
/// PUT bodies as people keep them in Git: YAML as well as JSON, and <c>fleet.dev/v1</c> documents whose spec is the
/// body. A document sent to the wrong place is refused naming the field, never applied elsewhere.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class DocumentBodiesApiTests(FleetHost host)
{
    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [Fact]
    public async Task PutApplication_YamlDocument_IsStoredAsItsSpec()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync();
        var name = ApiWorld.Unique("a");

        using var put = await client.PutAsync($"/api/v1/applications/{name}", Yaml($"""
            apiVersion: fleet.dev/v1
            kind: Application
            metadata:
              name: {name}
            spec:            # exactly the body of the PUT
              repository: {world.Repository}
              path: app
              destination: {"{"} clusters: [{cluster}], namespace: shop {"}"}
              syncPolicy: {"{"} automated: true, prune: true {"}"}
            """));
        var view = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/applications/{name}"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("shop", view["spec"]!["destination"]!["namespace"]!.GetValue<string>());
        Assert.True(view["spec"]!["syncPolicy"]!["prune"]!.GetValue<bool>());
        Assert.Equal(cluster, view["spec"]!["destination"]!["clusters"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task PutProject_BareYamlBody_IsReadLikeJson()
    {
        using var client = host.CreateClient();
        var name = ApiWorld.Unique("p");

        using var put = await client.PutAsync($"/api/v1/projects/{name}", Yaml("""
            description: the shop team
            sourceRepositories: ["shop-*"]
            destinations:
            - { cluster: "*", namespace: "shop-*" }
            """));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync() + string.Join(";", put.Headers));
        var view = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/projects/{name}"));

        Assert.Equal("shop-*", view["spec"]!["sourceRepositories"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("apiVersion: fleet.dev/v1\nkind: Project\nmetadata: {name: NAME}\nspec: {}\n", "kind")]
    [InlineData("apiVersion: fleet.dev/v1\nkind: Application\nmetadata: {name: someone-else}\nspec: {}\n", "metadata.name")]
    [InlineData("apiVersion: fleet.dev/v1\nkind: Application\nmetadata: {name: NAME}\n", "spec")]
    [InlineData("apiVersion: fleet.dev/v1\nkind: Application\nmetadata: {name: NAME}\nspec: {}\nstatus: {}\n", "status")]
    [InlineData("apiVersion: fleet.dev/v1\nkind: Application\nmetadata: {name: NAME, namespace: x}\nspec: {}\n", "metadata.namespace")]
    [InlineData("apiVersion: fleet.dev/v1\nkind: Application\nmetadata: {name: NAME}\nspec: {repository: r, path: app, syncPolicyy: {}}\n", "syncPolicyy")]
    [InlineData("repository: r\npath: [unclosed\n", "body")]
    [InlineData("repository: r\n---\nrepository: s\n", "body")]
    public async Task PutApplication_DocumentThatDoesNotFit_Answers400NamingTheField(string yaml, string field)
    {
        using var client = host.CreateClient();
        var name = ApiWorld.Unique("a");

        using var response = await client.PutAsync($"/api/v1/applications/{name}", Yaml(yaml.Replace("NAME", name, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiWorld.JsonAsync(response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/applications/{name}")).StatusCode);
    }

    [Fact]
    public async Task PutApplication_JsonDocument_IsUnwrappedToo()
    {
        using var client = host.CreateClient();
        var name = ApiWorld.Unique("p");

        using var put = await client.PutAsync($"/api/v1/projects/{name}", new StringContent(
            $$$"""{"apiVersion":"fleet.dev/v1","kind":"Project","metadata":{"name":"{{{name}}}"},"spec":{"description":"from JSON"}}""",
            Encoding.UTF8, "application/json"));
        var view = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/projects/{name}"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("from JSON", view["spec"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task YamlBody_WithoutAToken_IsRefusedBeforeItIsRead()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.PutAsync($"/api/v1/projects/{ApiWorld.Unique("p")}", Yaml("a: [unclosed\n"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
