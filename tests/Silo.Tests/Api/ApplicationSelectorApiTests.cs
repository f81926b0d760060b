using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary><c>destination.selector.matchExpressions</c> of an application: validated, stored, returned and used to target clusters.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class ApplicationSelectorApiTests(FleetHost host)
{
    [Theory]
    [InlineData("""[{"key":"env","operator":"in","values":["prod"]}]""", "destination.selector.matchExpressions[0].operator", "must be In, NotIn, Exists or DoesNotExist")]
    [InlineData("""[{"key":"bad key","operator":"Exists"}]""", "destination.selector.matchExpressions[0].key", "invalid name")]
    [InlineData("""[{"key":"env","operator":"In","values":[]}]""", "destination.selector.matchExpressions[0].values", "at least one value")]
    [InlineData("""[{"key":"env","operator":"Exists","values":["x"]}]""", "destination.selector.matchExpressions[0].values", "must be empty")]
    [InlineData("""[{"key":"env","operator":"In","values":["ok","not ok!"]}]""", "destination.selector.matchExpressions[0].values[1]", "not a valid label value")]
    [InlineData("""[{"operator":"Exists"}]""", "destination.selector.matchExpressions[0].key", "invalid name")]
    public async Task PutApplication_BadMatchExpressions_Answers400NamingTheField(string expressions, string field, string reason)
    {
        using var client = host.CreateClient();
        var body = new JsonObject
        {
            ["repository"] = ApiWorld.Unique("r"),
            ["path"] = "app",
            ["destination"] = new JsonObject { ["selector"] = new JsonObject { ["matchExpressions"] = JsonNode.Parse(expressions) } },
        };

        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{ApiWorld.Unique("a")}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await ApiWorld.JsonAsync(response))["errors"]!.AsObject();
        var message = Assert.Single(errors[field]!.AsArray())!.GetValue<string>();
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutApplication_MatchExpressions_InstancesOnExactlyTheMatchingClusters()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var staging = await world.AddClusterAsync(new() { ["env"] = "staging" });
        var prod = await world.AddClusterAsync(new() { ["env"] = "prod" });
        await world.AddClusterAsync(new() { ["env"] = "dev" });
        await world.AddClusterAsync();
        var name = ApiWorld.Unique("a");

        using var put = await client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository = world.Repository,
            path = "app",
            destination = new
            {
                selector = new
                {
                    matchLabels = new Dictionary<string, string> { ["run"] = world.Run },
                    matchExpressions = new[] { new { key = "env", @operator = "In", values = new[] { "staging", "prod" } } },
                },
            },
            syncPolicy = new { automated = true },
        });
        put.EnsureSuccessStatusCode();

        // The application's own view lists its targets as soon as the PUT resolved them.
        var expected = new[] { staging, prod }.Order(StringComparer.Ordinal).ToArray();
        var view = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/applications/{name}"));
        Assert.Equal(expected, Clusters(view["instances"]!.AsArray()));

        // And exactly those instances come up and sync.
        var synced = await ApiWorld.EventuallyAsync(
            async () => await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/instances?application={name}&sync=Synced")),
            page => page["total"]!.GetValue<int>() >= expected.Length);
        Assert.Equal(expected, Clusters(synced["items"]!.AsArray()));

        var expression = Assert.Single(view["spec"]!["destination"]!["matchExpressions"]!.AsArray())!;
        Assert.Equal("env", expression["key"]!.GetValue<string>());
        Assert.Equal("In", expression["operator"]!.GetValue<string>());
        Assert.Equal(["staging", "prod"], expression["values"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    private static string[] Clusters(JsonArray items) =>
        [.. items.Select(i => i!["cluster"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
