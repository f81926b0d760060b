using System.Diagnostics;
using Fleet.Bench.Harness;

namespace Fleet.Bench.Scenarios;

/// <summary>
/// Scenario 1 and 2: a commit changes all three objects of one application on N clusters; the time from the webhook
/// until every instance is Synced and Healthy at the new commit, per instance and overall. Then, in the same run, a
/// bare KubernetesClient loop applies the same objects to the same clusters and waits for the same health: the floor.
/// Both are measured in alternating rounds and reported by their medians: on a shared 2-core machine one pass of
/// either varies by a third from run to run, and the ratio of single passes by more.
/// </summary>
public static class CommitToConverged
{
    private sealed record Round(double Seconds, List<double> PerInstance, double CpuSeconds, double SimulatorCpuSeconds, long Requests, long Lists, long Watches);

    public static async Task<IReadOnlyList<Figure>> RunAsync(int clusters, int rounds, TextWriter log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        await using var fleet = await BenchFleet.StartAsync(clusters, applications: 1, log);
        // The floor holds a connection per cluster next to Fleet's, both ends in this process: three sockets a
        // cluster. Where the open-file limit cannot take them (10,000 clusters against 20,000 here), Fleet runs alone.
        var floorFits = OpenFileLimit.Allows(3 * clusters + 1_000);
        await using var floor = floorFits ? new KubernetesClientFloor(fleet) : null;
        if (floor is not null)
        {
            await floor.WarmAsync();
        }
        else
        {
            log.WriteLine($"floor, {clusters} clusters: skipped, {3 * clusters} sockets exceed the open-file limit ({OpenFileLimit.Current})");
        }
        var fleetRounds = new List<Round>();
        var floorRounds = new List<FloorRound>();
        for (var round = 0; round < rounds; round++)
        {
            var generation = round + 2;
            fleetRounds.Add(await CommitAsync(fleet, clusters, generation));
            log.WriteLine($"commit to converged, {clusters} clusters, round {round + 1}: {fleetRounds[^1].Seconds:F2} s");
            if (floor is not null)
            {
                floorRounds.Add(await floor.RunAsync(generation));
                log.WriteLine($"floor, {clusters} clusters, round {round + 1}: {floorRounds[^1].Seconds:F2} s");
            }
        }

        var median = fleetRounds.OrderBy(r => r.Seconds).ElementAt(rounds / 2);
        var roundsText = rounds == 1 ? "one round" : $"median of {rounds} rounds ({string.Join(", ", fleetRounds.Select(r => $"{r.Seconds:F2}"))} s)";
        var conditions = $"{clusters} clusters x 1 application of 3 objects (ConfigMap, Deployment, Service), one silo, webhook-triggered; each instance timed by when it reported Synced+Healthy at the commit (its changedAt); {roundsText}" +
            (floor is null ? $"; no floor at this size (it needs {3 * clusters} sockets in the benchmark process, over its open-file limit of {OpenFileLimit.Current})" : "");
        List<Figure> figures =
        [
            new Figure("commit-to-converged", $"{clusters} clusters: webhook to all Synced+Healthy", median.Seconds, "s",
                clusters == 1000 ? "< 10 s" : null, clusters == 1000 ? median.Seconds < 10 : null, conditions),
            new Figure("commit-to-converged", $"{clusters} clusters: per-instance p50", Stats.Percentile(median.PerInstance, 0.5), "s", null, null, "the median round"),
            new Figure("commit-to-converged", $"{clusters} clusters: per-instance p99", Stats.Percentile(median.PerInstance, 0.99), "s", null, null, "the median round"),
            new Figure("commit-to-converged", $"{clusters} clusters: control-plane CPU", median.CpuSeconds, "core-s", null, null, "silo process, webhook to converged, the median round"),
            new Figure("commit-to-converged", $"{clusters} clusters: simulator CPU", median.SimulatorCpuSeconds, "core-s", null, null, "the benchmark process (the simulated clusters, the Git server, the driver polling the instance list), webhook to converged, the median round"),
            new Figure("commit-to-converged", $"{clusters} clusters: Kubernetes requests", median.Requests, "requests", null, null, $"object requests of the median round; {median.Lists} LISTs, {median.Watches} WATCH starts"),
        ];
        if (floorRounds.Count > 0)
        {
            figures.AddRange(FloorFigures(clusters, rounds, median.Seconds, floorRounds));
        }
        return figures;
    }

    /// <summary>
    /// The same commit-to-converged for the application as a Helm chart of the same three objects, on a fleet of its
    /// own, compared with <paramref name="plainSeconds"/> (the plain figure of the same run). The floor is the plain
    /// one's: the cluster work is the same.
    /// </summary>
    public static async Task<IReadOnlyList<Figure>> RunChartAsync(int clusters, int rounds, double plainSeconds, TextWriter log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        await using var fleet = await BenchFleet.StartAsync(clusters, applications: 1, log, chart: true);
        var chartRounds = new List<Round>();
        for (var round = 0; round < rounds; round++)
        {
            chartRounds.Add(await CommitAsync(fleet, clusters, round + 2, chart: true));
            log.WriteLine($"commit to converged (Helm chart), {clusters} clusters, round {round + 1}: {chartRounds[^1].Seconds:F2} s");
        }
        var median = chartRounds.OrderBy(r => r.Seconds).ElementAt(rounds / 2);
        var ratio = median.Seconds / plainSeconds;
        var conditions = $"{clusters} clusters x 1 Helm chart application rendering the same 3 objects (values.yaml changed by the commit; a .Capabilities.KubeVersion check, so the render is keyed by the clusters' shared version), helm 3.17 template; " +
            (rounds == 1 ? "one round" : $"median of {rounds} rounds ({string.Join(", ", chartRounds.Select(r => $"{r.Seconds:F2}"))} s)");
        return
        [
            new Figure("commit-to-converged", $"{clusters} clusters, Helm chart: webhook to all Synced+Healthy", median.Seconds, "s", null, null, conditions),
            new Figure("commit-to-converged", $"{clusters} clusters, Helm chart: control-plane CPU", median.CpuSeconds, "core-s", null, null, "silo process, webhook to converged, the median round"),
            new Figure("commit-to-converged", $"{clusters} clusters: Helm chart / plain manifests", ratio, "ratio",
                "<= 1.5", ratio <= 1.5, "the two medians of the same run, each on a fleet of its own"),
        ];
    }

    private static IEnumerable<Figure> FloorFigures(int clusters, int rounds, double fleetSeconds, List<FloorRound> floorRounds)
    {
        var floorMedian = floorRounds.OrderBy(r => r.Seconds).ElementAt(rounds / 2);
        var ratio = fleetSeconds / floorMedian.Seconds;
        var conditions = "same objects (renamed), same simulator, same change (a new generation, after an untimed pass that creates them and warms the code): applies with 16 in flight, then waits for every rollout to complete; " +
            (rounds == 1 ? "one round" : $"median of {rounds} rounds ({string.Join(", ", floorRounds.Select(r => $"{r.Seconds:F2}"))} s), each right after a round of Fleet's");
        yield return new Figure("floor", $"{clusters} clusters: bare KubernetesClient loop", floorMedian.Seconds, "s", null, null, conditions);
        yield return new Figure("floor", $"{clusters} clusters: floor CPU", floorMedian.CpuSeconds, "core-s", null, null, "the benchmark process (the simulated clusters and the loop), the median round");
        yield return new Figure("floor", $"{clusters} clusters: Fleet / floor", ratio, "ratio", "<= 2", ratio <= 2, "the two medians of the same run");
    }

    // Each instance's time is when it reported itself Synced and Healthy at the commit (its index row's changedAt,
    // on this machine's clock), not when a poll happened to see it: a poll of every row takes long under load, and
    // polling often would take CPU from the fleet being measured (1,000 rows every 50 ms cost the silo some 3% of
    // the burst). The poll only tells when all have arrived: every 250 ms per thousand clusters.
    private static async Task<Round> CommitAsync(BenchFleet fleet, int clusters, int generation, bool chart = false)
    {
        Manifests.Write(fleet.Repository, "apps/app0", generation, chart);
        var commit = fleet.Repository.Commit($"generation {generation}");
        var cpuBefore = fleet.Silo.CpuTime;
        var simulatorCpuBefore = BenchProcess.CpuTime;
        var requestsBefore = fleet.Requests();
        var pollEvery = TimeSpan.FromMilliseconds(250 * Math.Max(1, clusters / 1000));
        var clock = Stopwatch.StartNew();
        var pushed = DateTimeOffset.UtcNow;
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
                    converged[cluster] = (row["changedAt"]!.GetValue<DateTimeOffset>() - pushed).TotalSeconds;
                }
            }
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{converged.Count} of {clusters} instances converged within {deadline}");
            }
            await Task.Delay(pollEvery);
        }
        var requests = fleet.Requests() - requestsBefore;
        return new Round(converged.Values.Max(), [.. converged.Values], (fleet.Silo.CpuTime - cpuBefore).TotalSeconds,
            (BenchProcess.CpuTime - simulatorCpuBefore).TotalSeconds, requests.Objects, requests.Lists, requests.Watches);
    }
}
