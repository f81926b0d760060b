using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Production.Tests.Infrastructure;
using Fleet.Simulator.Hosting;

namespace Fleet.Bench.Harness;

/// <summary>
/// One benchmark environment: the simulator (in this process), a real Git server (git daemon on loopback), and the
/// control plane as it runs in production (a silo process storing its grains and reminders in a real redis-server),
/// with N clusters registered and A applications of three objects each targeting
/// every cluster through a label selector.
/// </summary>
public sealed class BenchFleet : IAsyncDisposable
{
    public const string WebhookSecret = "bench-webhook-secret";
    private static readonly Dictionary<string, string> Selector = new() { ["bench"] = "yes" };

    private int _applicationsInGit;

    private BenchFleet(SimulatorServer simulator, GitServer git, TestRepository repository, RedisServer redis, SiloProcess silo, FleetClient client)
    {
        Simulator = simulator;
        Redis = redis;
        Git = git;
        Repository = repository;
        Silo = silo;
        Client = client;
    }

    public SimulatorServer Simulator { get; }

    /// <summary>The simulator's CA, for clients of the driver's own (the floor, out-of-band edits).</summary>
    public X509Certificate2Collection Authority => new(Simulator.Certificates!.Authority);

    /// <summary>The simulator's CA as a kubeconfig carries it (base64 PEM).</summary>
    public string CaData => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Simulator.Certificates!.AuthorityPem));
    public GitServer Git { get; }
    public RedisServer Redis { get; }
    public TestRepository Repository { get; }
    public SiloProcess Silo { get; }
    public FleetClient Client { get; }
    public IReadOnlyList<string> Clusters { get; private set; } = [];
    public IReadOnlyList<string> Applications { get; private set; } = [];
    public int Instances => Clusters.Count * Applications.Count;

    /// <summary>
    /// Starts every part with <paramref name="applications"/> applications in Git, registers the clusters and the
    /// repository, and (unless told not to) the applications, waiting until every instance is Synced and Healthy.
    /// With <c>chart</c> the applications are Helm charts of the same objects rather than plain manifests.
    /// </summary>
    public static async Task<BenchFleet> StartAsync(int clusters, int applications, TextWriter log,
        IReadOnlyDictionary<string, string>? settings = null, bool registerApplications = true, bool chart = false)
    {
        // Over TLS, as real API servers serve: clients negotiate HTTP/2 where they can (Fleet does, KubernetesClient
        // does not), which decides how many connections a cluster's watches take.
        var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { Https = true });
        var git = await GitServer.StartAsync();
        var repository = git.CreateRepository("bench");
        for (var a = 0; a < applications; a++)
        {
            Manifests.Write(repository, $"apps/app{a}", generation: 1, chart);
        }
        repository.Commit("initial");
        var redis = await RedisServer.StartNewAsync();
        var siloSettings = new Dictionary<string, string>
        {
            ["Fleet:Storage"] = "Redis",
            ["Fleet:Redis:ConnectionString"] = redis.ConnectionString,
            ["Fleet:ClusterId"] = "bench",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            siloSettings[key] = value;
        }
        var silo = await SiloProcess.StartAsync(siloSettings, log);
        var client = new FleetClient(silo.BaseAddress, SiloProcess.AdminToken);
        var fleet = new BenchFleet(simulator, git, repository, redis, silo, client) { _applicationsInGit = applications };
        var clock = Stopwatch.StartNew();
        fleet.Clusters = [.. Enumerable.Range(0, clusters).Select(i => $"c{i:D5}")];
        foreach (var name in fleet.Clusters)
        {
            simulator.AddCluster(name);
        }
        await Parallel.ForEachAsync(fleet.Clusters, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (name, _) => await client.PutClusterAsync(name, simulator.ClusterUrl(name), fleet.CaData, Selector));
        await client.PutRepositoryAsync("bench", repository.Url, WebhookSecret);
        log.WriteLine($"setup: {clusters} clusters registered in {clock.Elapsed.TotalSeconds:F1} s");
        if (registerApplications)
        {
            await fleet.RegisterApplicationsAsync(log);
        }
        return fleet;
    }

    /// <summary>
    /// Registers the applications in Git not registered yet, up to <paramref name="upTo"/> of them (all by default),
    /// and waits until all instances are Synced and Healthy.
    /// </summary>
    public async Task RegisterApplicationsAsync(TextWriter log, int? upTo = null)
    {
        var clock = Stopwatch.StartNew();
        var first = Applications.Count;
        Applications = [.. Enumerable.Range(0, Math.Min(upTo ?? _applicationsInGit, _applicationsInGit)).Select(a => $"app{a}")];
        for (var a = first; a < Applications.Count; a++)
        {
            await Client.PutApplicationAsync(Applications[a], "bench", $"apps/app{a}", Selector);
        }
        await WaitConvergedAsync(TimeSpan.FromMinutes(30));
        log.WriteLine($"setup: {Instances} instances converged in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Waits until the fleet summary counts every instance Synced and Healthy.</summary>
    public async Task WaitConvergedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var counts = (await Client.GetAsync("/api/v1/fleet"))["instances"]!;
            var total = counts["total"]!.GetValue<int>();
            if (total == Instances && counts["synced"]!.GetValue<int>() == total && counts["healthy"]!.GetValue<int>() == total)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not converged within {timeout}: {counts.ToJsonString()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Kubernetes requests the simulator has served so far, over every cluster.</summary>
    public RequestCounts Requests()
    {
        var counts = new RequestCounts(0, 0, 0, 0);
        foreach (var name in Clusters)
        {
            var cluster = Simulator.Cluster(name);
            counts += new RequestCounts(cluster.RequestCount, cluster.ObjectRequestCount, cluster.ListRequestCount, cluster.WatchRequestCount);
        }
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Silo.DisposeAsync();
        await Redis.DisposeAsync();
        await Git.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}

/// <summary>Kubernetes requests served by the simulator: all of them, those on objects, LISTs and WATCH starts.</summary>
public sealed record RequestCounts(long All, long Objects, long Lists, long Watches)
{
    public static RequestCounts operator +(RequestCounts a, RequestCounts b) =>
        new(a.All + b.All, a.Objects + b.Objects, a.Lists + b.Lists, a.Watches + b.Watches);

    public static RequestCounts operator -(RequestCounts a, RequestCounts b) =>
        new(a.All - b.All, a.Objects - b.Objects, a.Lists - b.Lists, a.Watches - b.Watches);
}
