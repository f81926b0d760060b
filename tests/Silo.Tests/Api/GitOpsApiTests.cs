using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>The minimal GitOps API over real HTTP against the real silo host.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class GitOpsApiTests(FleetHost host)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    [Fact]
    public async Task PutCluster_InvalidNameAndServer_Answers400WithTheFields()
    {
        using var client = host.CreateClient();

        using var response = await client.PutAsJsonAsync("/api/v1/clusters/Bad_Name", new { server = "ftp://x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.NotNull(problem["errors"]!["name"]);
        Assert.NotNull(problem["errors"]!["server"]);
    }

    [Fact]
    public async Task PutCluster_WithToken_IsConnectedAndNeverReturnsTheToken()
    {
        using var client = host.CreateClient();
        var name = Unique("c");
        host.Simulator.AddCluster(name);

        using var put = await client.PutAsJsonAsync($"/api/v1/clusters/{name}", new
        {
            server = host.Simulator.ClusterUrl(name),
            token = "secret-token-value",
            labels = new Dictionary<string, string> { ["env"] = "test" },
        });
        using var get = await client.GetAsync($"/api/v1/clusters/{name}");
        var text = await get.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.DoesNotContain("secret-token-value", text);
        Assert.DoesNotContain("secret-token-value", await put.Content.ReadAsStringAsync());
        var cluster = JsonNode.Parse(text)!;
        Assert.True(cluster["hasToken"]!.GetValue<bool>());
        Assert.Equal("Connected", cluster["connectivity"]!.GetValue<string>());
        Assert.StartsWith("v1.", cluster["serverVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetCluster_Unknown_Answers404ProblemDetails()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync($"/api/v1/clusters/{Unique("missing")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PutApplication_UnknownRepository_Answers400OnTheField()
    {
        using var client = host.CreateClient();

        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{Unique("a")}", new
        {
            repository = Unique("nope"),
            path = "app",
            destination = new { clusters = new[] { "x" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is registered", (await JsonAsync(response))["errors"]!["repository"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Application_FromPutToDelete_SyncsAndReportsThroughTheApi()
    {
        using var client = host.CreateClient();
        var cluster = Unique("c");
        var repository = Unique("r");
        var application = Unique("a");
        host.Simulator.AddCluster(cluster);
        (await client.PutAsJsonAsync($"/api/v1/clusters/{cluster}", new { server = host.Simulator.ClusterUrl(cluster) })).EnsureSuccessStatusCode();
        using var repo = await client.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = host.RepositoryPath, branch = "main" });
        var revision = (await JsonAsync(repo))["revision"]!.GetValue<string>();

        using var put = await client.PutAsJsonAsync($"/api/v1/applications/{application}", new
        {
            repository,
            path = "app",
            destination = new { clusters = new[] { cluster }, @namespace = "default" },
            syncPolicy = new { automated = true, prune = true, selfHeal = true },
        });
        var synced = await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"/api/v1/applications/{application}")),
            app => app["instances"]?.AsArray().FirstOrDefault()?["sync"]?.GetValue<string>() == "Synced"
                && app["instances"]![0]!["health"]!.GetValue<string>() == "Healthy");
        using var instance = await client.GetAsync($"/api/v1/applications/{application}/clusters/{cluster}");
        var detail = await JsonAsync(instance);
        using var notTargeted = await client.GetAsync($"/api/v1/applications/{application}/clusters/{Unique("other")}");
        using var noApplication = await client.GetAsync($"/api/v1/applications/{Unique("none")}/clusters/{cluster}");
        using var fleet = await client.GetAsync("/api/v1/fleet");
        var summary = await JsonAsync(fleet);
        using var sync = await client.PostAsync($"/api/v1/applications/{application}/sync", null);
        using var delete = await client.DeleteAsync($"/api/v1/applications/{application}");
        using var afterDelete = await client.GetAsync($"/api/v1/applications/{application}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var first = synced["instances"]![0]!;
        Assert.Equal(cluster, first["cluster"]!.GetValue<string>());
        Assert.Equal(revision, first["revision"]!.GetValue<string>());
        Assert.NotNull(first["conditions"]);
        Assert.Equal(HttpStatusCode.OK, instance.StatusCode);
        Assert.Equal("ConfigMap", detail["resources"]![0]!["kind"]!.GetValue<string>());
        Assert.NotEmpty(detail["history"]!.AsArray());
        Assert.NotNull(summary["clusters"]!["total"]);
        Assert.NotNull(summary["instances"]!["outOfSync"]);
        Assert.Equal(HttpStatusCode.NotFound, notTargeted.StatusCode);
        Assert.Equal("Instance not found", (await JsonAsync(notTargeted))["title"]!.GetValue<string>());
        Assert.Equal("Application not found", (await JsonAsync(noApplication))["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Null(host.Simulator.Cluster(cluster).Get(Fleet.Simulator.Model.BuiltInTypes.ConfigMap, "default", "settings"));
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var value = await probe();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await probe();
        }
        return value;
    }

    [Fact]
    public async Task ImportCluster_FromKubeconfigContext_RegistersItWithoutReturningTheToken()
    {
        using var client = host.CreateClient();
        await using var secure = await Fleet.Simulator.Hosting.SimulatorServer.StartAsync(new Fleet.Simulator.Hosting.SimulatorOptions
        {
            Https = true,
            Tokens = true,
            Clusters = ["east", "west"],
        });
        var name = Unique("imported");

        using var imported = await client.PostAsJsonAsync($"/api/v1/clusters/{name}/import", new { kubeconfig = secure.Kubeconfig(), context = "west" });
        using var wrongContext = await client.PostAsJsonAsync($"/api/v1/clusters/{Unique("x")}/import", new { kubeconfig = secure.Kubeconfig(), context = "north" });
        var body = await imported.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var view = JsonNode.Parse(body)!;
        Assert.Equal(secure.ClusterUrl("west"), view["server"]!.GetValue<string>());
        Assert.Equal("Connected", view["connectivity"]!.GetValue<string>());
        Assert.DoesNotContain(secure.Cluster("west").BearerToken!, body);
        Assert.Equal(HttpStatusCode.BadRequest, wrongContext.StatusCode);
        Assert.Contains("north", (await JsonAsync(wrongContext))["errors"]!["kubeconfig"]![0]!.GetValue<string>());
    }
}
