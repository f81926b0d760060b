using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary><c>destination.createNamespace</c> and <c>destination.namespaceMetadata</c> of an application.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class ApplicationNamespaceApiTests(FleetHost host)
{
    [Theory]
    [InlineData("""{"clusters":["c"],"namespace":"shop","namespaceMetadata":{"labels":{"team":"shop"}}}""", "destination.namespaceMetadata", "createNamespace")]
    [InlineData("""{"clusters":["c"],"namespace":"shop","createNamespace":true,"namespaceMetadata":{"labels":{"bad key":"x"}}}""", "destination.namespaceMetadata.labels.bad key", "")]
    [InlineData("""{"clusters":["c"],"namespace":"shop","createNamespace":true,"namespaceMetadata":{"annotations":{"/x":"y"}}}""", "destination.namespaceMetadata.annotations./x", "")]
    public async Task PutApplication_BadNamespaceMetadata_Answers400NamingTheField(string destination, string field, string reason)
    {
        using var client = host.CreateClient();
        var body = new JsonObject { ["repository"] = ApiWorld.Unique("r"), ["path"] = "app", ["destination"] = JsonNode.Parse(destination) };

        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{ApiWorld.Unique("a")}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiWorld.JsonAsync(response))["errors"]!.AsObject();
        Assert.Contains(reason, Assert.Single(errors[field]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutApplication_CreateNamespace_IsStoredAndReturned()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync();
        var name = ApiWorld.Unique("a");

        using var put = await client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository = world.Repository,
            path = "app",
            destination = new
            {
                clusters = new[] { cluster },
                @namespace = name,
                createNamespace = true,
                namespaceMetadata = new { labels = new Dictionary<string, string> { ["team"] = "shop" } },
            },
            syncPolicy = new { automated = true },
        });
        var view = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/applications/{name}"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var destination = view["spec"]!["destination"]!;
        Assert.True(destination["createNamespace"]!.GetValue<bool>());
        Assert.Equal("shop", destination["namespaceMetadata"]!["labels"]!["team"]!.GetValue<string>());
    }
}
