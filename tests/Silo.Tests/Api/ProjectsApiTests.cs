using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>/api/v1/projects, and applications checked against their project when they are defined.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class ProjectsApiTests(FleetHost host)
{
    [Fact]
    public async Task PutProject_ThenGetAndList_ShowsTheRulesAndTheBuiltInDefault()
    {
        using var client = host.CreateClient();
        var name = ApiWorld.Unique("p");

        using var put = await client.PutAsJsonAsync($"/api/v1/projects/{name}", new
        {
            description = "the shop team",
            sourceRepositories = new[] { "shop-*" },
            destinations = new object[]
            {
                new { cluster = "*", @namespace = "shop-*" },
                new { selector = new { matchLabels = new Dictionary<string, string> { ["env"] = "prod" } }, @namespace = "shop-prod" },
            },
            clusterResources = new[] { new { group = "", kind = "Namespace" } },
            namespaceResourcesDenied = new[] { new { group = "rbac.authorization.k8s.io", kind = "*" } },
            remoteSources = new[] { "https://github.com/acme/platform//*" },
        });
        var read = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/projects/{name}"));
        var list = (await client.GetFromJsonAsync<JsonArray>("/api/v1/projects"))!;

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("the shop team", read["spec"]!["description"]!.GetValue<string>());
        Assert.Equal("shop-*", read["spec"]!["sourceRepositories"]![0]!.GetValue<string>());
        Assert.Equal("prod", read["spec"]!["destinations"]![1]!["matchLabels"]!["env"]!.GetValue<string>());
        Assert.Equal("rbac.authorization.k8s.io", read["spec"]!["namespaceResourcesDenied"]![0]!["group"]!.GetValue<string>());
        Assert.Equal("https://github.com/acme/platform//*", read["spec"]!["remoteSources"]![0]!.GetValue<string>());
        Assert.Contains(list, p => p!["name"]!.GetValue<string>() == name);
        var builtIn = Assert.Single(list, p => p!["name"]!.GetValue<string>() == "default");
        Assert.True(builtIn!["builtIn"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"sourceRepositories":["Shop_*"]}""", "sourceRepositories[0]")]
    [InlineData("""{"destinations":[{"cluster":"*"}]}""", "destinations[0].namespace")]
    [InlineData("""{"destinations":[{"namespace":"x","selector":{"matchExpressions":[{"key":"env","operator":"Near"}]}}]}""", "destinations[0].selector.matchExpressions[0].operator")]
    [InlineData("""{"clusterResources":[{"group":"","kind":"Cluster Role"}]}""", "clusterResources[0].kind")]
    [InlineData("""{"namespaceResourcesDenied":[{"group":"rbac/v1","kind":"Role"}]}""", "namespaceResourcesDenied[0].group")]
    [InlineData("""{"clusterResources":[{"group":""}]}""", "clusterResources[0].kind")]
    [InlineData("""{"remoteSources":["*"]}""", "remoteSources[0]")]
    [InlineData("""{"remoteSources":["https://x.example/a b"]}""", "remoteSources[0]")]
    [InlineData("""{"remoteSources":[""]}""", "remoteSources[0]")]
    public async Task PutProject_BadBody_Answers400NamingTheField(string body, string field)
    {
        using var client = host.CreateClient();

        using var response = await client.PutAsync($"/api/v1/projects/{ApiWorld.Unique("p")}", JsonContent.Create(JsonNode.Parse(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiWorld.JsonAsync(response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
    }

    [Fact]
    public async Task PutProject_UnknownField_Answers400()
    {
        using var client = host.CreateClient();

        using var response = await client.PutAsync($"/api/v1/projects/{ApiWorld.Unique("p")}", JsonContent.Create(JsonNode.Parse("""{"sourceRepos":["*"]}""")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DeleteDefault_Answers409()
    {
        using var client = host.CreateClient();

        using var response = await client.DeleteAsync("/api/v1/projects/default");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.NotNull(await client.GetFromJsonAsync<JsonObject>("/api/v1/projects/default"));
    }

    [Fact]
    public async Task DeleteProjectInUse_Answers409UntilItsApplicationIsGone()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync();
        var project = await PutOpenProjectAsync(client, world.Repository);
        var application = ApiWorld.Unique("a");
        (await PutApplicationAsync(client, application, project, world.Repository, cluster, "default")).EnsureSuccessStatusCode();

        using var inUse = await client.DeleteAsync($"/api/v1/projects/{project}");
        (await client.DeleteAsync($"/api/v1/applications/{application}?cascade=false")).EnsureSuccessStatusCode();
        using var deleted = await client.DeleteAsync($"/api/v1/projects/{project}");
        using var gone = await client.GetAsync($"/api/v1/projects/{project}");

        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains(application, (await ApiWorld.JsonAsync(inUse))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task PutApplication_RepositoryNotInSourceRepositories_Answers400NamingTheRule()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync();
        var project = await PutOpenProjectAsync(client, "shop-*");

        using var response = await PutApplicationAsync(client, ApiWorld.Unique("a"), project, world.Repository, cluster, "default");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await ApiWorld.JsonAsync(response))["errors"]!["repository"]![0]!.GetValue<string>();
        Assert.Equal($"repository \"{world.Repository}\" is not in project {project}'s sourceRepositories (shop-*)", message);
    }

    [Fact]
    public async Task PutApplication_OutsideTheDestinations_Answers400NamingTheRule()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync(new Dictionary<string, string> { ["env"] = "dev" });
        var project = ApiWorld.Unique("p");
        (await client.PutAsJsonAsync($"/api/v1/projects/{project}", new
        {
            sourceRepositories = new[] { "*" },
            destinations = new[] { new { selector = new { matchLabels = new Dictionary<string, string> { ["env"] = "prod" } }, @namespace = "shop-*" } },
        })).EnsureSuccessStatusCode();

        using var wrongNamespace = await PutApplicationAsync(client, ApiWorld.Unique("a"), project, world.Repository, cluster, "kube-system");
        using var wrongCluster = await PutApplicationAsync(client, ApiWorld.Unique("a"), project, world.Repository, cluster, "shop-a");
        using var unknownProject = await PutApplicationAsync(client, ApiWorld.Unique("a"), ApiWorld.Unique("p"), world.Repository, cluster, "shop-a");

        Assert.Equal(HttpStatusCode.BadRequest, wrongNamespace.StatusCode);
        Assert.Contains("namespace \"kube-system\" is not in project", (await ApiWorld.JsonAsync(wrongNamespace))["errors"]!["destination.namespace"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongCluster.StatusCode);
        Assert.Contains($"cluster \"{cluster}\" is not a destination of project {project}", (await ApiWorld.JsonAsync(wrongCluster))["errors"]!["destination.clusters[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownProject.StatusCode);
        Assert.True((await ApiWorld.JsonAsync(unknownProject))["errors"]!.AsObject().ContainsKey("project"));
    }

    [Fact]
    public async Task PutApplication_WithoutProject_IsInDefault()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        await world.AddClusterAsync();
        var name = await world.AddApplicationAsync();

        var view = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/applications/{name}"));

        Assert.Equal("default", view["spec"]!["project"]!.GetValue<string>());
    }

    /// <summary>A project that allows the given repositories everywhere, with no cluster-scoped kinds.</summary>
    internal static async Task<string> PutOpenProjectAsync(HttpClient client, string repositories)
    {
        var project = ApiWorld.Unique("p");
        (await client.PutAsJsonAsync($"/api/v1/projects/{project}", new
        {
            sourceRepositories = new[] { repositories },
            destinations = new[] { new { cluster = "*", @namespace = "*" } },
        })).EnsureSuccessStatusCode();
        return project;
    }

    internal static Task<HttpResponseMessage> PutApplicationAsync(HttpClient client, string name, string project, string repository, string cluster, string ns) =>
        client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            project,
            repository,
            path = "app",
            destination = new { clusters = new[] { cluster }, @namespace = ns },
            syncPolicy = new { automated = true },
        });
}
