using System.Net.Http.Json;
using Fleet.Production.Tests.Infrastructure;

namespace Fleet.Production.Tests.FaultTolerance;

/// <summary>The whole control plane stopped and started again on the same Redis.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task RestartAllSilos_WithRedisKept_KeepsRegistrationsPinsAndHistory()
    {
        await using var plane = await ControlPlane.StartAsync(siloCount: 3);
        var (application, repository, clusters) = await DeployAndPinAsync(plane);
        string pinned;
        long requestsBefore;
        using (var client = plane.Client())
        {
            var before = await ControlPlane.TryGetAsync(client, $"api/v1/applications/{application}/clusters/{clusters[0]}");
            pinned = before!["revision"]!.GetValue<string>();
            Assert.NotNull(before["pin"]);
            requestsBefore = clusters.Sum(c => plane.Simulator.Cluster(c).ObjectRequestCount);
        }

        await Task.WhenAll(plane.Silos.Select(s => s.StopGracefullyAsync(TimeSpan.FromSeconds(40))));
        foreach (var silo in plane.Silos)
        {
            silo.NewGitCache();
        }
        plane.Silos[0].Start();
        await plane.Silos[0].WaitReadyAsync(plane.AdminToken, ControlPlane.ReadyDeadline);
        foreach (var silo in plane.Silos.Skip(1))
        {
            silo.Start();
        }
        await Task.WhenAll(plane.Silos.Skip(1).Select(s => s.WaitReadyAsync(plane.AdminToken, ControlPlane.ReadyDeadline)));

        using var after = plane.Client(silo: 1);
        using var cluster = await after.GetAsync($"api/v1/clusters/{clusters[0]}");
        using var repo = await after.GetAsync($"api/v1/repositories/{repository}");
        await ControlPlane.EnsureAsync(cluster);
        await ControlPlane.EnsureAsync(repo);
        var converged = await ControlPlane.WaitConvergedAsync(after, application, clusters.Count, pinned, TimeSpan.FromSeconds(60));
        foreach (var name in clusters)
        {
            var instance = await ControlPlane.TryGetAsync(after, $"api/v1/applications/{application}/clusters/{name}");
            Assert.NotNull(instance?["pin"]);
            Assert.NotEmpty(instance!["conditions"]!.AsArray());
            await ControlPlane.AssertHistoryAsync(after, application, name, pinned);
        }
        Assert.True((await repo.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())?["revision"] is not null);
        // The cluster tokens were encrypted before the restart: the new processes read them with the key ring in Redis.
        Assert.Equal(":1", await plane.Redis.CommandAsync("EXISTS fleet:data-protection-keys"));
        var clusterAfterSync = await ControlPlane.TryGetAsync(after, $"api/v1/clusters/{clusters[0]}");
        Assert.Equal("Connected", clusterAfterSync?["connectivity"]?.GetValue<string>());
        Assert.NotNull(converged["instances"]);
        // The restarted silos re-read live state (a few GETs) but must not re-apply what is already in place.
        var requestsAfter = clusters.Sum(c => plane.Simulator.Cluster(c).ObjectRequestCount);
        Assert.True(requestsAfter - requestsBefore < 20 * clusters.Count, $"{requestsAfter - requestsBefore} object requests after restart");
    }

    private static async Task<(string Application, string Repository, List<string> Clusters)> DeployAndPinAsync(ControlPlane plane)
    {
        using var client = plane.Client();
        var first = plane.Repository.Commit("pin target");
        var deployed = await plane.DeployAsync(client, clusterCount: 3, prefix: "restart");
        await ControlPlane.WaitConvergedAsync(client, deployed.Application, deployed.Clusters.Count, first, TimeSpan.FromSeconds(60));
        ControlPlane.WriteVersion(plane.Repository, 2);
        var second = plane.Repository.Commit("version 2");
        using (var refresh = await client.PostAsync($"api/v1/repositories/{deployed.Repository}/refresh", null))
        {
            await ControlPlane.EnsureAsync(refresh);
        }
        await ControlPlane.WaitConvergedAsync(client, deployed.Application, deployed.Clusters.Count, second, TimeSpan.FromSeconds(60));
        using (var rollback = await client.PostAsJsonAsync($"api/v1/applications/{deployed.Application}/rollback", new { revision = first }))
        {
            await ControlPlane.EnsureAsync(rollback);
        }
        await ControlPlane.WaitConvergedAsync(client, deployed.Application, deployed.Clusters.Count, first, TimeSpan.FromSeconds(60));
        return deployed;
    }
}
