using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Api.ApiWorld;

namespace Fleet.Silo.Tests.Api;

/// <summary>History and diff of instances and applications, who did what, and validation that leaves nothing behind.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class InstanceDetailApiTests(FleetHost host)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task HistoryAndDiff_DriftWithoutSelfHeal_ShowTheDifferingFieldAndTheSyncs()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync();
        var other = await world.AddClusterAsync();
        var application = await world.AddApplicationAsync(selfHeal: false);
        await world.WaitAllSyncedAsync();
        var instance = $"/api/v1/applications/{application}/clusters/{cluster}";

        var cleanDiff = await JsonAsync(await client.GetAsync($"{instance}/diff"));
        var allDiff = await JsonAsync(await client.GetAsync($"{instance}/diff?all=true"));
        using var patch = new StringContent("""{"data":{"greeting":"changed by hand"}}""", System.Text.Encoding.UTF8);
        patch.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
        (await Http.PatchAsync($"{host.Simulator.ClusterUrl(cluster)}/api/v1/namespaces/{application}/configmaps/settings?fieldManager=kubectl-edit", patch)).EnsureSuccessStatusCode();
        var drifted = await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"{instance}/diff")), d => d["resources"]!.AsArray().Count == 1);
        var history = (await client.GetFromJsonAsync<JsonArray>($"{instance}/history"))!;
        var applicationHistory = (await client.GetFromJsonAsync<JsonArray>($"/api/v1/applications/{application}/history"))!;
        var limited = (await client.GetFromJsonAsync<JsonArray>($"/api/v1/applications/{application}/history?limit=1"))!;

        Assert.Empty(cleanDiff["resources"]!.AsArray());
        Assert.Equal("Synced", Assert.Single(allDiff["resources"]!.AsArray())!["sync"]!.GetValue<string>());
        var resource = Assert.Single(drifted["resources"]!.AsArray())!;
        Assert.Equal("OutOfSync", drifted["sync"]!.GetValue<string>());
        Assert.Equal("ConfigMap", resource["kind"]!.GetValue<string>());
        Assert.Contains(resource["diff"]!.AsArray(), line => line!.GetValue<string>().Contains("greeting", StringComparison.Ordinal));
        Assert.Equal("Succeeded", history[0]!["result"]!.GetValue<string>());
        Assert.Equal(2, applicationHistory.Count);
        Assert.Equal(new[] { cluster, other }.Order(StringComparer.Ordinal), applicationHistory.Select(h => h!["cluster"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var finished = applicationHistory.Select(h => h!["finishedAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(finished.OrderDescending(), finished);
        Assert.Single(limited);
    }

    [Fact]
    public async Task HistoryAndDiff_UnknownApplicationOrCluster_Answer404()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        await world.AddClusterAsync();
        var application = await world.AddApplicationAsync();

        using var noApplication = await client.GetAsync($"/api/v1/applications/{Unique("none")}/history");
        using var noInstanceHistory = await client.GetAsync($"/api/v1/applications/{application}/clusters/{Unique("none")}/history");
        using var noInstanceDiff = await client.GetAsync($"/api/v1/applications/{application}/clusters/{Unique("none")}/diff");
        using var noApplicationDiff = await client.GetAsync($"/api/v1/applications/{Unique("none")}/clusters/{world.Clusters[0]}/diff");

        Assert.Equal(HttpStatusCode.NotFound, noApplication.StatusCode);
        Assert.Equal("application/problem+json", noApplication.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Instance not found", (await JsonAsync(noInstanceHistory))["title"]!.GetValue<string>());
        Assert.Equal("Instance not found", (await JsonAsync(noInstanceDiff))["title"]!.GetValue<string>());
        Assert.Equal("Application not found", (await JsonAsync(noApplicationDiff))["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_ByAuthenticatedCaller_RecordsTheCallerName()
    {
        using var client = host.CreateClient();
        var (cluster, application, revision) = await SyncedApplicationAsync(client);

        using var rollback = await client.PostAsJsonAsync($"/api/v1/applications/{application}/rollback", new { revision });
        var pinned = await JsonAsync(await client.GetAsync($"/api/v1/applications/{application}/clusters/{cluster}"));
        using var unpin = await client.PostAsync($"/api/v1/applications/{application}/unpin", null);

        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        Assert.Equal("admin", pinned["pin"]!["by"]!.GetValue<string>());
        Assert.Contains("by admin", pinned["pin"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, unpin.StatusCode);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("v1.0")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("HEAD~1")]
    public async Task Rollback_ToABranchTagOrUnknownCommit_Answers400AndPinsNothing(string revision)
    {
        using var client = host.CreateClient();
        var (cluster, application, _) = await SyncedApplicationAsync(client);

        using var rollback = await client.PostAsJsonAsync($"/api/v1/applications/{application}/rollback", new { revision });
        var instance = await JsonAsync(await client.GetAsync($"/api/v1/applications/{application}/clusters/{cluster}"));

        Assert.Equal(HttpStatusCode.BadRequest, rollback.StatusCode);
        var problem = await JsonAsync(rollback);
        Assert.Contains("a rollback pins one commit", problem["errors"]!["revision"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(instance["pin"]);
    }

    [Fact]
    public async Task Rollback_ToAShortShaOfTheHistory_PinsTheFullCommit()
    {
        using var client = host.CreateClient();
        var (cluster, application, revision) = await SyncedApplicationAsync(client);

        using var rollback = await client.PostAsJsonAsync($"/api/v1/applications/{application}/rollback", new { revision = revision[..8] });
        var pinned = await JsonAsync(await client.GetAsync($"/api/v1/applications/{application}/clusters/{cluster}"));

        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        Assert.Equal(revision, pinned["pin"]!["revision"]!.GetValue<string>());
    }

    // An application on one cluster, synced: its cluster, its name and the commit it synced.
    private async Task<(string Cluster, string Application, string Revision)> SyncedApplicationAsync(HttpClient client)
    {
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync();
        var application = await world.AddApplicationAsync();
        var synced = await world.WaitAllSyncedAsync();
        return (cluster, application, synced["items"]![0]!["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutApplication_UnknownRepository_Answers400AndCreatesNothing()
    {
        using var client = host.CreateClient();
        var name = Unique("a");

        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository = Unique("missing"),
            path = "app",
            destination = new { clusters = new[] { "somewhere" } },
        });
        using var after = await client.GetAsync($"/api/v1/applications/{name}");
        var listed = await JsonAsync(await client.GetAsync("/api/v1/applications?limit=1000"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is registered", (await JsonAsync(response))["errors"]!["repository"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.DoesNotContain(listed["items"]!.AsArray(), a => a!["name"]!.GetValue<string>() == name);
    }
}
