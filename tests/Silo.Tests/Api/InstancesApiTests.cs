using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Api.ApiWorld;

namespace Fleet.Silo.Tests.Api;

/// <summary>GET /api/v1/instances and the paged application and cluster lists, over real HTTP against the real silo.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class InstancesApiTests(FleetHost host)
{
    private static List<(string Application, string Cluster)> Keys(JsonObject page) =>
        [.. page["items"]!.AsArray().Select(i => (i!["application"]!.GetValue<string>(), i["cluster"]!.GetValue<string>()))];

    private static int Total(JsonObject page) => page["total"]!.GetValue<int>();

    [Fact]
    public async Task ListInstances_WalkWithLimitAndFilters_ReturnsEveryRowOnceAndFiltersHold()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var web = await world.AddClusterAsync(new() { ["tier"] = "web" });
        await world.AddClusterAsync(new() { ["tier"] = "db" });
        await world.AddClusterAsync();
        var first = await world.AddApplicationAsync();
        await world.AddApplicationAsync();

        var all = await world.WaitAllSyncedAsync();
        var walked = new List<(string, string)>();
        var pages = new List<JsonObject>();
        string? token = null;
        do
        {
            var url = $"/api/v1/instances?selector=run={world.Run}&limit=4" + (token is null ? "" : $"&continue={Uri.EscapeDataString(token)}");
            var page = await JsonAsync(await client.GetAsync(url));
            pages.Add(page);
            walked.AddRange(Keys(page));
            token = page["continue"]?.GetValue<string>();
        }
        while (token is not null && pages.Count < 10);
        var ofApplication = await JsonAsync(await client.GetAsync($"/api/v1/instances?application={first}&selector=run={world.Run}"));
        var ofCluster = await JsonAsync(await client.GetAsync($"/api/v1/instances?cluster={web}"));
        var notWeb = await JsonAsync(await client.GetAsync($"/api/v1/instances?selector=run={world.Run},tier!=web"));
        var inSet = await JsonAsync(await client.GetAsync($"/api/v1/instances?selector={Uri.EscapeDataString($"run={world.Run},tier in (web,db)")}"));
        var degraded = await JsonAsync(await client.GetAsync($"/api/v1/instances?health=degraded&selector=run={world.Run}"));
        var outOfSync = await JsonAsync(await client.GetAsync($"/api/v1/instances?sync=OutOfSync&selector=run={world.Run}"));

        var expected = world.Applications.SelectMany(a => world.Clusters.Select(c => (a, c)))
            .OrderBy(k => k.a, StringComparer.Ordinal).ThenBy(k => k.c, StringComparer.Ordinal).ToList();
        Assert.Equal(6, Total(all));
        Assert.Equal(expected, walked);
        Assert.Equal(2, pages.Count);
        Assert.All(pages, p => Assert.Equal(6, Total(p)));
        Assert.Null(pages[^1]["continue"]);
        var item = all["items"]![0]!;
        Assert.Matches("^[0-9a-f]{40}$", item["revision"]!.GetValue<string>());
        Assert.NotNull(item["changedAt"]);
        Assert.Equal(3, Total(ofApplication));
        Assert.All(Keys(ofApplication), k => Assert.Equal(first, k.Application));
        Assert.Equal(2, Total(ofCluster));
        Assert.Equal(4, Total(notWeb));
        Assert.DoesNotContain(Keys(notWeb), k => k.Cluster == web);
        Assert.Equal(4, Total(inSet));
        Assert.Equal(0, Total(degraded));
        Assert.Equal(0, Total(outOfSync));
    }

    [Theory]
    [InlineData("selector=tier!", "selector")]
    [InlineData("selector=tier%20in%20web", "selector")]
    [InlineData("selector=a,,b", "selector")]
    [InlineData("selector=Bad%20Key=x", "selector")]
    [InlineData("sync=Broken", "sync")]
    [InlineData("health=Sick", "health")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("continue=not-a-token", "continue")]
    [InlineData("application=Not_A_Name", "application")]
    public async Task ListInstances_BadQuery_Answers400NamingTheField(string query, string field)
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync($"/api/v1/instances?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(response))["errors"]!.AsObject();
        Assert.False(string.IsNullOrEmpty(Assert.Single(errors, e => e.Key == field).Value![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task ListApplicationsAndClusters_FiltersAndPaging_AnswerFromTheIndexAndDirectory()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        await world.AddClusterAsync();
        await world.AddClusterAsync();
        await world.AddClusterAsync();
        await world.AddApplicationAsync();
        await world.AddApplicationAsync();
        await world.WaitAllSyncedAsync();

        var firstApps = await JsonAsync(await client.GetAsync($"/api/v1/applications?repository={world.Repository}&limit=1"));
        var token = firstApps["continue"]!.GetValue<string>();
        var secondApps = await JsonAsync(await client.GetAsync($"/api/v1/applications?repository={world.Repository}&limit=1&continue={Uri.EscapeDataString(token)}"));
        var healthy = await JsonAsync(await client.GetAsync($"/api/v1/applications?repository={world.Repository}&health=Healthy&sync=Synced"));
        var degraded = await JsonAsync(await client.GetAsync($"/api/v1/applications?repository={world.Repository}&health=Degraded"));
        var firstClusters = await JsonAsync(await client.GetAsync($"/api/v1/clusters?selector=run={world.Run}&limit=2"));
        var restClusters = await JsonAsync(await client.GetAsync($"/api/v1/clusters?selector=run={world.Run}&limit=2&continue={Uri.EscapeDataString(firstClusters["continue"]!.GetValue<string>())}"));
        using var badSelector = await client.GetAsync("/api/v1/clusters?selector=env%20notin");

        var names = firstApps["items"]!.AsArray().Concat(secondApps["items"]!.AsArray()).Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(world.Applications.Order(StringComparer.Ordinal), names);
        Assert.Equal(2, Total(firstApps));
        Assert.Null(secondApps["continue"]);
        var app = firstApps["items"]![0]!;
        Assert.Equal(3, app["counts"]!["total"]!.GetValue<int>());
        Assert.Equal("Synced", app["sync"]!.GetValue<string>());
        Assert.Equal("Healthy", app["health"]!.GetValue<string>());
        Assert.Equal(world.Repository, app["spec"]!["repository"]!.GetValue<string>());
        Assert.Equal(2, Total(healthy));
        Assert.Equal(0, Total(degraded));
        var clusterNames = firstClusters["items"]!.AsArray().Concat(restClusters["items"]!.AsArray()).Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(world.Clusters.Order(StringComparer.Ordinal), clusterNames);
        Assert.Equal(3, Total(firstClusters));
        Assert.Null(restClusters["continue"]);
        Assert.Equal(HttpStatusCode.BadRequest, badSelector.StatusCode);
    }
}
