using System.Diagnostics;
using Fleet.Bench.Harness;

namespace Fleet.Bench.Scenarios;

/// <summary>
/// Scenario 1 and 2: a commit changes all three objects of one application on N clusters; the time from the webhook
/// until every instance is Synced and Healthy at the new commit, per instance and overall. Then, in the same run, a
/// bare KubernetesClient loop applies the same objects to the same clusters and waits for the same health: the floor.
/// </summary>
public static class CommitToConverged
{
    public static async Task<IReadOnlyList<Figure>> RunAsync(int clusters, TextWriter log)
    {
        await using var fleet = await BenchFleet.StartAsync(clusters, applications: 1, log);
        Manifests.Write(fleet.Repository, "apps/app0", generation: 2);
        var commit = fleet.Repository.Commit("generation 2");
        var cpuBefore = fleet.Silo.CpuTime;
        var requestsBefore = fleet.Requests();
        var clock = Stopwatch.StartNew();
        await fleet.Client.PushWebhookAsync(fleet.Repository.Url, "main", BenchFleet.WebhookSecret);

        var converged = new Dictionary<string, double>(StringComparer.Ordinal);
        var deadline = TimeSpan.FromMinutes(10);
        while (converged.Count < clusters)
        {
            foreach (var row in await fleet.Client.ListInstancesAsync("application=app0"))
            {
                var cluster = row["cluster"]!.GetValue<string>();
                if (!converged.ContainsKey(cluster) && row["revision"]?.GetValue<string>() == commit
                    && row["sync"]!.GetValue<string>() == "Synced" && row["health"]!.GetValue<string>() == "Healthy")
                {
                    converged[cluster] = clock.Elapsed.TotalSeconds;
                }
            }
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{converged.Count} of {clusters} instances converged within {deadline}");
            }
            await Task.Delay(50);
        }
        var total = clock.Elapsed.TotalSeconds;
        var cpu = (fleet.Silo.CpuTime - cpuBefore).TotalSeconds;
        var requests = fleet.Requests() - requestsBefore;
        var perInstance = converged.Values.ToList();
        log.WriteLine($"commit to converged, {clusters} clusters: {total:F2} s");

        var floor = await KubernetesClientFloor.RunAsync(fleet, log);
        var conditions = $"{clusters} clusters x 1 application of 3 objects (ConfigMap, Deployment, Service), one silo, webhook-triggered, polled every 50 ms";
        return
        [
            new Figure("commit-to-converged", $"{clusters} clusters: webhook to all Synced+Healthy", total, "s",
                clusters == 1000 ? "< 10 s" : null, clusters == 1000 ? total < 10 : null, conditions),
            new Figure("commit-to-converged", $"{clusters} clusters: per-instance p50", Stats.Percentile(perInstance, 0.5), "s", null, null, conditions),
            new Figure("commit-to-converged", $"{clusters} clusters: per-instance p99", Stats.Percentile(perInstance, 0.99), "s", null, null, conditions),
            new Figure("commit-to-converged", $"{clusters} clusters: control-plane CPU", cpu, "core-s", null, null, "silo process, webhook to converged"),
            new Figure("commit-to-converged", $"{clusters} clusters: Kubernetes requests", requests.Objects, "requests", null, null, $"object requests; {requests.Lists} LISTs, {requests.Watches} WATCH starts"),
            new Figure("floor", $"{clusters} clusters: bare KubernetesClient loop", floor, "s", null, null, "same objects (renamed), same simulator, same change (generation 1 to 2, after an untimed pass that creates them and warms the code): applies with 16 in flight, then waits for every rollout to complete"),
            new Figure("floor", $"{clusters} clusters: Fleet / floor", total / floor, "ratio", "<= 2", total / floor <= 2, "same run"),
        ];
    }
}
