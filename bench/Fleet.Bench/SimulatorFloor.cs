using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Fleet.Bench.Harness;
using Fleet.Simulator.Hosting;

namespace Fleet.Bench;

/// <summary>Figures of one simulator floor run.</summary>
public sealed record SimulatorFloorResult(
    int Clusters, int ObjectsPerCluster, double MemoryPerClusterKiB, double EmptyClusterKiB, double AppliesPerSecond,
    double ApplyP50Ms, double ApplyP99Ms, double NoOpAppliesPerSecond, int Concurrency, double ServerCpuSeconds);

/// <summary>
/// The simulator's floor: how much memory a virtual cluster with N objects costs, and how many server-side applies
/// per second one simulator serves over real HTTP. Later benchmarks compare Fleet against these numbers.
/// </summary>
public static class SimulatorFloor
{
    public static async Task<SimulatorFloorResult> RunAsync(int clusters, int objectsPerCluster, int concurrency)
    {
        var baseline = ManagedHeap();
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions());
        var started = ManagedHeap();
        var names = Enumerable.Range(0, clusters).Select(i => $"c{i:D5}").ToArray();
        foreach (var name in names)
        {
            server.AddCluster(name);
        }
        var empty = (ManagedHeap() - started) / (double)clusters;

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        var work = names.SelectMany(n => Enumerable.Range(0, objectsPerCluster).Select(i => (Cluster: n, Index: i))).ToArray();
        var cpuBefore = BenchProcess.CpuTime;
        var (elapsed, latencies) = await ApplyAllAsync(http, server, work, concurrency);
        var cpu = (BenchProcess.CpuTime - cpuBefore).TotalSeconds;

        // The same applies again: every one is a no-op on the server (no write, no event).
        var (noOpElapsed, _) = await ApplyAllAsync(http, server, work, concurrency);

        var filled = ManagedHeap();
        var perCluster = (filled - started) / (double)clusters;
        Array.Sort(latencies);
        GC.KeepAlive(baseline);
        return new SimulatorFloorResult(clusters, objectsPerCluster, perCluster / 1024, empty / 1024,
            work.Length / elapsed.TotalSeconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99),
            work.Length / noOpElapsed.TotalSeconds, concurrency, cpu);
    }

    private static async Task<(TimeSpan Elapsed, double[] LatenciesMs)> ApplyAllAsync(
        HttpClient http, SimulatorServer server, (string Cluster, int Index)[] work, int concurrency)
    {
        var latencies = new double[work.Length];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < work.Length)
            {
                var (cluster, index) = work[i];
                var started = Stopwatch.GetTimestamp();
                await ApplyAsync(http, server.ClusterUrl(cluster), index);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        return (clock.Elapsed, latencies);
    }

    // A typical application object: a ConfigMap or a small Deployment, alternating.
    private static async Task ApplyAsync(HttpClient http, string clusterUrl, int index)
    {
        var (path, body) = index % 2 == 0
            ? ($"/api/v1/namespaces/default/configmaps/cm-{index}",
               """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-INDEX","namespace":"default","labels":{"app.kubernetes.io/managed-by":"fleet"}},"data":{"setting":"value-INDEX","mode":"fast"}}""")
            : ($"/apis/apps/v1/namespaces/default/deployments/web-{index}",
               """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web-INDEX","namespace":"default","labels":{"app":"web-INDEX"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web-INDEX"}},"template":{"metadata":{"labels":{"app":"web-INDEX"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}""");
        using var content = new StringContent(body.Replace("INDEX", index.ToString(System.Globalization.CultureInfo.InvariantCulture)), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/apply-patch+yaml");
        using var response = await http.PatchAsync($"{clusterUrl}{path}?fieldManager=fleet&force=true", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"apply {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static long ManagedHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
