using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Bench.Harness;
using k8s;

namespace Fleet.Bench.Scenarios;

/// <summary>
/// Scenarios 3 to 6 on one large fleet (clusters x applications instances): the cost at rest, the managed heap per
/// instance, drift detection and healing, and the latency of the fleet's queries.
/// </summary>
public static class SteadyFleet
{
    public static async Task<IReadOnlyList<Figure>> RunAsync(int clusters, int applications, TimeSpan restWindow, TextWriter log)
    {
        var figures = new List<Figure>();
        await using var fleet = await BenchFleet.StartAsync(clusters, applications, log, registerApplications: false);
        // The heap is read (after a full, compacting collection in the silo) with the clusters registered, and again
        // once every instance has converged and the fleet has been at rest: the difference divided by the instances
        // is what one instance costs while it is kept up to date.
        var before = await HeapAsync(fleet);
        // With one application the clusters' watches are open; what the others add is the cost of an instance alone.
        // Below a thousand added instances the difference is within the heap's noise, so small runs skip it.
        var oneApplication = clusters * (applications - 1) >= 1000 ? await ConvergedHeapAsync(fleet, 1, restWindow, log) : (long?)null;
        await fleet.RegisterApplicationsAsync(log);
        var settled = await SettleAsync(fleet, restWindow);
        figures.AddRange(await AtRestAsync(fleet, restWindow, settled, log));
        figures.AddRange(await MemoryAsync(fleet, before, oneApplication, log));
        figures.AddRange(await DriftAsync(fleet, log));
        // The healed instances still report, write and journal their syncs for a moment after the simulator serves
        // Git's value again; the queries are timed on the settled fleet, as at rest.
        await SettleAsync(fleet, restWindow);
        figures.AddRange(await QueriesAsync(fleet, log));
        return figures;
    }

    // Converging leaves work behind (rollouts finishing, status reports, the runtime compiling hot code again), so the
    // at-rest window starts once the silo has used under a tenth of a core for five seconds, or after a minute (or
    // after the window's own length, which small runs keep short).
    private static async Task<TimeSpan> SettleAsync(BenchFleet fleet, TimeSpan restWindow)
    {
        var clock = Stopwatch.StartNew();
        var limit = restWindow < TimeSpan.FromMinutes(1) ? restWindow : TimeSpan.FromMinutes(1);
        while (clock.Elapsed < limit)
        {
            var cpu = fleet.Silo.CpuTime;
            await Task.Delay(TimeSpan.FromSeconds(5));
            if ((fleet.Silo.CpuTime - cpu).TotalSeconds / 5 < 0.1)
            {
                break;
            }
        }
        return clock.Elapsed;
    }

    private static async Task<long> ConvergedHeapAsync(BenchFleet fleet, int applications, TimeSpan restWindow, TextWriter log)
    {
        await fleet.RegisterApplicationsAsync(log, applications);
        await SettleAsync(fleet, restWindow);
        // Converging opened connections beside the watches; HttpClient closes idle ones after a minute. Waiting that
        // out (no longer than the at-rest window, which small runs keep short) leaves the watches alone, as at the
        // end of the at-rest window where the full heap is read.
        await Task.Delay(TimeSpan.FromSeconds(Math.Min(90, restWindow.TotalSeconds)));
        return await HeapAsync(fleet);
    }

    private static async Task<IReadOnlyList<Figure>> MemoryAsync(BenchFleet fleet, long before, long? oneApplication, TextWriter log)
    {
        var after = await HeapAsync(fleet);
        var perInstance = (after - before) / (double)fleet.Instances;
        log.WriteLine($"memory: {perInstance / 1024:F1} KiB per instance");
        var figures = new List<Figure>
        {
            new("memory", "managed heap per instance", perInstance / 1024, "KiB", "<= 8 KB", perInstance <= 8 * 1024,
                $"{fleet.Instances} instances ({fleet.Clusters.Count} clusters x {fleet.Applications.Count} applications of 3 objects) converged and after the at-rest window; silo heap after a full GC, minus the heap with the clusters alone ({before / (1024 * 1024.0):F1} MiB), so each instance carries its share of its cluster's watches; state and reminders in Redis"),
        };
        if (oneApplication is { } withWatches)
        {
            var added = fleet.Instances - fleet.Clusters.Count;
            var marginal = (after - withWatches) / (double)added;
            var perCluster = (withWatches - before) / (double)fleet.Clusters.Count - marginal;
            log.WriteLine($"memory: {marginal / 1024:F1} KiB per added instance, {perCluster / 1024:F1} KiB per cluster for its watches");
            figures.Add(new("memory", "managed heap per added instance", marginal / 1024, "KiB", null, null,
                $"the {added} instances of applications 2 to {fleet.Applications.Count}, with every cluster already watching its kinds (heap after a full GC with one application converged, and with all)"));
            figures.Add(new("memory", "managed heap per cluster for its watches", perCluster / 1024, "KiB", null, null,
                "three watches (ConfigMap, Deployment, Service) over TLS, multiplexed on the cluster's HTTP/2 connection: what the first application on a cluster adds beyond an instance"));
        }
        return figures;
    }

    private static async Task<long> HeapAsync(BenchFleet fleet)
    {
        var runtime = await fleet.Client.GetAsync("/api/v1/diagnostics/runtime?collect=true");
        return runtime["managedHeapBytes"]!.GetValue<long>();
    }

    private static async Task<IReadOnlyList<Figure>> AtRestAsync(BenchFleet fleet, TimeSpan window, TimeSpan settled, TextWriter log)
    {
        var cpuBefore = fleet.Silo.CpuTime;
        var redisBefore = fleet.Redis.CpuTime;
        var driverBefore = BenchProcess.CpuTime;
        var requestsBefore = fleet.Requests();
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuShare = (fleet.Silo.CpuTime - cpuBefore).TotalSeconds / seconds;
        var redisShare = (fleet.Redis.CpuTime - redisBefore).TotalSeconds / seconds;
        var simulatorShare = (BenchProcess.CpuTime - driverBefore).TotalSeconds / seconds;
        var requests = fleet.Requests() - requestsBefore;
        log.WriteLine($"at rest: {cpuShare:P1} of a core (Redis {redisShare:P1}, simulator {simulatorShare:P1}), {requests.All / seconds:F1} requests/s, {requests.Lists} LISTs");
        var conditions = $"{fleet.Instances} instances on {fleet.Clusters.Count} clusters, nothing changing, {seconds:F0} s window starting {settled.TotalSeconds:F0} s after convergence, default settings (probe every 30 s, resync every 3 min, watch bookmarks every minute)";
        return
        [
            new Figure("at-rest", "control-plane CPU", cpuShare * 100, "% of one core", "< 5 %", cpuShare < 0.05, conditions + "; the silo process"),
            new Figure("at-rest", "Redis CPU", redisShare * 100, "% of one core", null, null, conditions + "; redis-server, the store of grain state and reminders"),
            new Figure("at-rest", "simulator CPU", simulatorShare * 100, "% of one core", null, null, conditions + "; the benchmark process: the simulated clusters and the driver"),
            new Figure("at-rest", "Kubernetes requests", requests.All / seconds, "requests/s", null, null, conditions + $"; {requests.Objects / seconds:F2}/s on objects"),
            new Figure("at-rest", "LIST calls", requests.Lists, "calls", "0", requests.Lists == 0, conditions),
        ];
    }

    private static async Task<IReadOnlyList<Figure>> DriftAsync(BenchFleet fleet, TextWriter log)
    {
        // 1% of the objects: ConfigMaps edited out of band, spread over clusters and applications.
        var objects = fleet.Instances * 3;
        var edits = Math.Max(1, objects / 100);
        var targets = Enumerable.Range(0, edits)
            .Select(i => (Cluster: fleet.Clusters[i % fleet.Clusters.Count], Application: fleet.Applications[i / fleet.Clusters.Count % fleet.Applications.Count]))
            .Distinct().ToList();
        // KubernetesClient's HttpClient trusts the simulator's CA; the edits are plain HTTP requests through it.
        using var simulator = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = fleet.Simulator.BaseAddress.ToString(), SslCaCerts = fleet.Authority });
        var http = simulator.HttpClient;
        var healed = new double[targets.Count];
        var clock = Stopwatch.StartNew();
        var started = new double[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var (cluster, application) = targets[i];
            var path = new Uri(fleet.Simulator.BaseAddress, $"clusters/{cluster}/api/v1/namespaces/default/configmaps/{application}-settings");
            using var patch = new HttpRequestMessage(HttpMethod.Patch, path)
            {
                Content = new StringContent("""{"data":{"generation":"drifted"}}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
            };
            started[i] = clock.Elapsed.TotalSeconds;
            (await http.SendAsync(patch, cancellationToken)).EnsureSuccessStatusCode();
            while (true)
            {
                var live = await http.GetFromJsonAsync<JsonObject>(path, cancellationToken);
                if (live!["data"]!["generation"]!.GetValue<string>() != "drifted")
                {
                    healed[i] = clock.Elapsed.TotalSeconds - started[i];
                    return;
                }
                if (clock.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException($"drift on {cluster}/{application} was not healed");
                }
                await Task.Delay(20, cancellationToken);
            }
        });
        var p99 = Stats.Percentile(healed, 0.99);
        log.WriteLine($"drift: {targets.Count} edits healed, p99 {p99:F3} s");
        var conditions = $"{targets.Count} ConfigMaps edited out of band (1% of {objects} objects) in one burst, 16 at a time; time from the edit until the simulator serves Git's value again, polled every 20 ms";
        return
        [
            new Figure("drift", "detected and healed p50", Stats.Percentile(healed, 0.5), "s", null, null, conditions),
            new Figure("drift", "detected and healed p99", p99, "s", "< 2 s", p99 < 2, conditions),
        ];
    }

    private static async Task<IReadOnlyList<Figure>> QueriesAsync(BenchFleet fleet, TextWriter log)
    {
        const int Samples = 200;
        var summary = await TimeAsync(Samples, () => fleet.Client.GetAsync("/api/v1/fleet"));
        var degraded = await TimeAsync(Samples, () => fleet.Client.GetAsync("/api/v1/instances?health=Degraded&limit=1000"));
        log.WriteLine($"queries: summary p99 {Stats.Percentile(summary, 0.99):F2} ms, degraded p99 {Stats.Percentile(degraded, 0.99):F2} ms; slowest {Slowest(summary)} and {Slowest(degraded)} ms");
        var conditions = $"{fleet.Instances} instances, settled after the drift scenario, {Samples} sequential requests over loopback HTTP with a bearer token, after 20 warm-up requests";
        return
        [
            new Figure("queries", "fleet summary p50", Stats.Percentile(summary, 0.5), "ms", null, null, conditions),
            new Figure("queries", "fleet summary p99", Stats.Percentile(summary, 0.99), "ms", "< 5 ms", Stats.Percentile(summary, 0.99) < 5, conditions),
            new Figure("queries", "every degraded instance p50", Stats.Percentile(degraded, 0.5), "ms", null, null, conditions),
            new Figure("queries", "every degraded instance p99", Stats.Percentile(degraded, 0.99), "ms", "< 50 ms", Stats.Percentile(degraded, 0.99) < 50, conditions),
        ];
    }

    private static string Slowest(List<double> latencies) =>
        string.Join("/", latencies.OrderDescending().Take(4).Select(l => l.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));

    private static async Task<List<double>> TimeAsync(int samples, Func<Task> query)
    {
        for (var i = 0; i < 20; i++)
        {
            await query();
        }
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            await query();
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        return latencies;
    }
}
