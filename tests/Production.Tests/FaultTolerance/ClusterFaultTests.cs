using System.Diagnostics;
using System.Text.Json.Nodes;
using Fleet.Production.Tests.Infrastructure;
using Fleet.Simulator.Storage;

namespace Fleet.Production.Tests.FaultTolerance;

/// <summary>A target cluster failing under a multi-silo control plane on Redis: seen through any silo's API.</summary>
public sealed class ClusterFaultTests
{
    [Fact]
    public async Task ClusterOutage_SeenFromAnotherSilo_InstanceUnknownWithReasonThenRecovers()
    {
        await using var plane = await ControlPlane.StartAsync(siloCount: 2);
        using var writer = plane.Client(silo: 0);
        using var reader = plane.Client(silo: 1);
        var (application, repository, clusters) = await plane.DeployAsync(writer, clusterCount: 2, prefix: "fault");
        await ControlPlane.WaitConvergedAsync(reader, application, clusters.Count, plane.Repository.Commit("noop"), TimeSpan.FromSeconds(60));
        var (down, up) = (clusters[0], clusters[1]);

        plane.Simulator.Cluster(down).Faults.Outage = OutageMode.Unavailable;
        ControlPlane.WriteVersion(plane.Repository, 2);
        var second = plane.Repository.Commit("version 2 during the outage");
        using (var refresh = await writer.PostAsync($"api/v1/repositories/{repository}/refresh", null))
        {
            await ControlPlane.EnsureAsync(refresh);
        }
        var unknown = await WaitInstanceAsync(reader, application, down,
            i => i["sync"]?.GetValue<string>() == "Unknown" && i["health"]?.GetValue<string>() == "Unknown");
        var healthy = await WaitInstanceAsync(reader, application, up,
            i => i["sync"]?.GetValue<string>() == "Synced" && i["revision"]?.GetValue<string>() == second);

        Assert.Contains(unknown["conditions"]!.AsArray(), c =>
            c!["type"]!.GetValue<string>() == "ClusterReachable" && c["status"]!.GetValue<string>() == "False"
            && !string.IsNullOrWhiteSpace(c["message"]?.GetValue<string>()));
        Assert.Equal("Healthy", healthy["health"]!.GetValue<string>());

        plane.Simulator.Cluster(down).Faults.Clear();
        var clock = Stopwatch.StartNew();
        await ControlPlane.WaitConvergedAsync(reader, application, clusters.Count, second, TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"recovery took {clock.Elapsed}");
        await ControlPlane.AssertHistoryAsync(reader, application, down, second);
    }

    private static async Task<JsonObject> WaitInstanceAsync(HttpClient client, string application, string cluster, Func<JsonObject, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        JsonObject? last = null;
        while (DateTime.UtcNow < until)
        {
            last = await ControlPlane.TryGetAsync(client, $"api/v1/applications/{application}/clusters/{cluster}") ?? last;
            if (last is not null && done(last))
            {
                return last;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"instance {application}/{cluster} did not reach the expected state: {last?.ToJsonString()}");
    }
}
