using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Production.Tests.Infrastructure;

namespace Fleet.Production.Tests.FaultTolerance;

/// <summary>Redis going away and coming back under running silos.</summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task PutCluster_WhileRedisIsDown_Answers503ProblemDetailsAndSucceedsOnceRedisIsBack()
    {
        await using var plane = await ControlPlane.StartAsync(siloCount: 2);
        using var client = plane.Client(silo: 0, timeout: TimeSpan.FromSeconds(40));
        var (application, _, clusters) = await plane.DeployAsync(client, clusterCount: 2, prefix: "outage");
        await ControlPlane.WaitConvergedAsync(client, application, clusters.Count, plane.Repository.Commit("noop"), TimeSpan.FromSeconds(60));
        var name = "outage-new-" + Guid.NewGuid().ToString("N")[..6];
        plane.Simulator.AddCluster(name);

        await plane.Redis.StopAsync(keepData: true);
        var clock = Stopwatch.StartNew();
        using var during = await client.PutAsJsonAsync($"api/v1/clusters/{name}", new { server = plane.Simulator.ClusterUrl(name) });
        var elapsed = clock.Elapsed;
        var problem = await during.Content.ReadFromJsonAsync<JsonObject>();
        await plane.Redis.StartAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The control plane's store is unavailable; retry", problem?["title"]?.GetValue<string>());
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"the failing call took {elapsed}");

        // Writes succeed again once Redis is back.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        HttpStatusCode status;
        do
        {
            using var retry = await client.PutAsJsonAsync($"api/v1/clusters/{name}", new { server = plane.Simulator.ClusterUrl(name) });
            status = retry.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(plane.Silos.All(s => s.IsRunning), "a silo died during the Redis outage");

        // And the fleet keeps working: a new commit reaches every instance of the application deployed before the outage.
        ControlPlane.WriteVersion(plane.Repository, 2);
        var after = plane.Repository.Commit("after the outage");
        await ControlPlane.WaitConvergedAsync(client, application, clusters.Count, after, TimeSpan.FromSeconds(40));
        foreach (var cluster in clusters)
        {
            await ControlPlane.AssertHistoryAsync(client, application, cluster, after);
        }
    }
}
