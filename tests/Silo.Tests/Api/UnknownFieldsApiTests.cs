using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>
/// Request bodies are read strictly: a field Fleet does not know (a misspelling) is answered 400 naming it, and
/// nothing is created, instead of the request succeeding without it.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class UnknownFieldsApiTests(FleetHost host)
{
    /// <summary>A valid application body for <paramref name="world"/> (no cluster matches it, so it deploys nothing).</summary>
    private static JsonObject Application(ApiWorld world) => new()
    {
        ["repository"] = world.Repository,
        ["path"] = "app",
        ["destination"] = new JsonObject { ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["run"] = world.Run } } },
        ["syncPolicy"] = new JsonObject { ["automated"] = true, ["prune"] = true, ["selfHeal"] = false },
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<(JsonObject Problem, HttpStatusCode Status)> PutAsync(HttpClient client, string path, JsonNode body)
    {
        using var response = await client.PutAsync(path, Json(body));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await ApiWorld.JsonAsync(response), response.StatusCode);
    }

    [Theory]
    [InlineData("syncPolicyy")]
    [InlineData("sync_policy")]
    public async Task PutApplication_UnknownTopLevelField_Answers400NamingItAndCreatesNothing(string misspelt)
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var name = ApiWorld.Unique("a");
        var body = Application(world);
        body[misspelt] = body["syncPolicy"]!.DeepClone();
        body.Remove("syncPolicy");

        var (problem, status) = await PutAsync(client, $"/api/v1/applications/{name}", body);
        using var get = await client.GetAsync($"/api/v1/applications/{name}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["errors"]![misspelt]);
        Assert.Contains(misspelt, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task PutApplication_UnknownNestedField_Answers400WithItsPathAndCreatesNothing()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var name = ApiWorld.Unique("a");
        var body = Application(world);
        body["syncPolicy"]!["automatedd"] = true;

        var (problem, status) = await PutAsync(client, $"/api/v1/applications/{name}", body);
        using var get = await client.GetAsync($"/api/v1/applications/{name}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("spelling", problem["errors"]!["syncPolicy.automatedd"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task PutApplication_ValueOfTheWrongType_Answers400NamingTheField()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var body = Application(world);
        body["syncPolicy"]!["automated"] = "yes";

        var (problem, status) = await PutAsync(client, $"/api/v1/applications/{ApiWorld.Unique("a")}", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem["errors"]!["syncPolicy.automated"]);
    }

    [Fact]
    public async Task PutApplication_KnownFieldsOnly_IsCreatedWithThem()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var name = ApiWorld.Unique("a");

        using var put = await client.PutAsync($"/api/v1/applications/{name}", Json(Application(world)));
        using var get = await client.GetAsync($"/api/v1/applications/{name}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var spec = (await ApiWorld.JsonAsync(get))["spec"]!;
        Assert.True(spec["syncPolicy"]!["prune"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PutCluster_UnknownField_Answers400AndRegistersNothing()
    {
        using var client = host.CreateClient();
        var name = ApiWorld.Unique("c");
        host.Simulator.AddCluster(name);
        var body = new JsonObject { ["server"] = host.Simulator.ClusterUrl(name), ["labelz"] = new JsonObject { ["env"] = "prod" } };

        var (problem, status) = await PutAsync(client, $"/api/v1/clusters/{name}", body);
        using var get = await client.GetAsync($"/api/v1/clusters/{name}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem["errors"]!["labelz"]);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }
}
