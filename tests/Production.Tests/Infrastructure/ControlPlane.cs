using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Simulator.Hosting;

namespace Fleet.Production.Tests.Infrastructure;

/// <summary>
/// A production-shaped Fleet for one test: a real redis-server, N silo processes in Redis mode forming one Orleans
/// cluster (unique cluster id), a Kubernetes API simulator and a real Git server with one repository.
/// </summary>
public sealed class ControlPlane : IAsyncDisposable
{
    public static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);

    private ControlPlane(string clusterId, RedisServer redis, SimulatorServer simulator, GitServer git, TestRepository repository, List<SiloProcess> silos)
    {
        ClusterId = clusterId;
        Redis = redis;
        Simulator = simulator;
        Git = git;
        Repository = repository;
        Silos = silos;
    }

    /// <summary>The Orleans cluster id (and service id) of this control plane's silos.</summary>
    public string ClusterId { get; }

    public string AdminToken { get; } = "prod-admin-" + Guid.NewGuid().ToString("N");

    public RedisServer Redis { get; }

    public SimulatorServer Simulator { get; }

    public GitServer Git { get; }

    /// <summary>A repository with a ConfigMap under app/ (its data names the cluster and a version).</summary>
    public TestRepository Repository { get; }

    public IReadOnlyList<SiloProcess> Silos { get; }

    /// <summary>Starts Redis, the simulator, the Git server and <paramref name="siloCount"/> silos, and waits until all serve.</summary>
    /// <param name="siloCount">How many silos form the cluster.</param>
    /// <param name="siloSettings">Settings for silo <c>i</c> (environment variables) on top of the common ones.</param>
    public static async Task<ControlPlane> StartAsync(int siloCount, Func<int, IReadOnlyDictionary<string, string>>? siloSettings = null)
    {
        var redis = await RedisServer.StartNewAsync();
        var simulator = await SimulatorServer.StartAsync(new SimulatorOptions());
        var git = await GitServer.StartAsync();
        var repository = git.CreateRepository("apps");
        WriteVersion(repository, 1);
        repository.Commit("version 1");
        var clusterId = "prod-" + Guid.NewGuid().ToString("N")[..8];
        var silos = new List<SiloProcess>();
        var plane = new ControlPlane(clusterId, redis, simulator, git, repository, silos);
        var environment = new Dictionary<string, string>
        {
            ["Fleet__Storage"] = "Redis",
            ["Fleet__Redis__ConnectionString"] = redis.ConnectionString,
            ["Fleet__ClusterId"] = clusterId,
            ["Fleet__ServiceId"] = clusterId,
            ["FLEET_ADMIN_TOKEN"] = plane.AdminToken,
            ["Fleet__ProbeInterval"] = "00:00:01",
            ["Fleet__ResyncPeriod"] = "00:00:05",
            ["Fleet__MinimumReminderPeriod"] = "00:00:01",
            ["Fleet__InitialRetryDelay"] = "00:00:00.500",
            ["Fleet__MaxRetryDelay"] = "00:00:02",
            ["Fleet__ShutdownTimeout"] = "00:00:20",
            // A killed silo is declared dead in a few seconds rather than the default tens of seconds.
            ["Fleet__Membership__ProbeTimeout"] = "00:00:01",
            ["Fleet__Membership__NumMissedProbesLimit"] = "2",
            ["Fleet__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_gcServer"] = "0",
        };
        try
        {
            for (var i = 0; i < siloCount; i++)
            {
                var settings = new Dictionary<string, string>(environment);
                foreach (var (key, value) in siloSettings?.Invoke(i) ?? new Dictionary<string, string>())
                {
                    settings[key] = value;
                }
                silos.Add(new SiloProcess($"silo{i}", settings));
            }
            // The first silo starts alone so that the others join an existing cluster rather than race to create it.
            silos[0].Start();
            await silos[0].WaitReadyAsync(plane.AdminToken, ReadyDeadline);
            foreach (var silo in silos.Skip(1))
            {
                silo.Start();
            }
            await Task.WhenAll(silos.Skip(1).Select(s => s.WaitReadyAsync(plane.AdminToken, ReadyDeadline)));
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes app/configmap.yaml with <paramref name="version"/> in its data.</summary>
    public static void WriteVersion(TestRepository repository, int version) =>
        repository.WriteFile("app/configmap.yaml", $$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              greeting: "hello {{cluster.name}}"
              version: "{{{version}}}"
            """);

    public HttpClient Client(int silo = 0, TimeSpan? timeout = null) => Silos[silo].CreateClient(AdminToken, timeout);

    /// <summary>Registers simulator clusters, the repository and one application targeting all of them.</summary>
    public async Task<(string Application, string Repository, List<string> Clusters)> DeployAsync(HttpClient client, int clusterCount, string prefix)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var clusters = Enumerable.Range(0, clusterCount).Select(i => $"{prefix}-{suffix}-{i}").ToList();
        foreach (var cluster in clusters)
        {
            Simulator.AddCluster(cluster);
            using var put = await client.PutAsJsonAsync($"api/v1/clusters/{cluster}", new { server = Simulator.ClusterUrl(cluster), token = "token-" + cluster });
            await EnsureAsync(put);
        }
        var repository = $"repo-{suffix}";
        using (var put = await client.PutAsJsonAsync($"api/v1/repositories/{repository}", new { url = Repository.Url, branch = "main", pollIntervalSeconds = 5 }))
        {
            await EnsureAsync(put);
        }
        var application = $"app-{suffix}";
        using (var put = await client.PutAsJsonAsync($"api/v1/applications/{application}", new
        {
            repository,
            path = "app",
            destination = new { clusters, @namespace = "default" },
            syncPolicy = new { automated = true, prune = true, selfHeal = true },
        }))
        {
            await EnsureAsync(put);
        }
        return (application, repository, clusters);
    }

    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Reads JSON from <paramref name="path"/>; null when the call fails (a silo may be moving grains).</summary>
    public static async Task<JsonObject?> TryGetAsync(HttpClient client, string path) => (await GetOrFailureAsync(client, path)).Value;

    private static async Task<(JsonObject? Value, string? Failure)> GetOrFailureAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            return response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonObject>(), null)
                : (null, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
        catch (TaskCanceledException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Polls until every instance of the application is Synced and Healthy at <paramref name="revision"/>.</summary>
    public static async Task<JsonObject> WaitConvergedAsync(HttpClient client, string application, int instances, string revision, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        JsonObject? last = null;
        string? failure = null;
        while (DateTime.UtcNow < until)
        {
            var (value, error) = await GetOrFailureAsync(client, $"api/v1/applications/{application}");
            last = value ?? last;
            failure = error ?? failure;
            if (last?["instances"] is JsonArray list && list.Count == instances && list.All(i =>
                i?["sync"]?.GetValue<string>() == "Synced" && i["health"]?.GetValue<string>() == "Healthy" && i["revision"]?.GetValue<string>() == revision))
            {
                return last;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"application {application} did not converge at {revision} within {deadline}: {last?.ToJsonString()} (last failure: {failure})");
    }

    /// <summary>Asserts that an instance's history has distinct sync ids and a successful sync of <paramref name="revision"/>.</summary>
    public static async Task<JsonArray> AssertHistoryAsync(HttpClient client, string application, string cluster, string revision)
    {
        var instance = await TryGetAsync(client, $"api/v1/applications/{application}/clusters/{cluster}")
            ?? throw new InvalidOperationException($"instance {application}/{cluster} could not be read");
        var history = instance["history"]!.AsArray();
        var ids = history.Select(h => h!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains(history, h => h!["revision"]!.GetValue<string>() == revision && h["result"]!.GetValue<string>() == "Succeeded");
        return history;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Silos.Select(s => s.DisposeAsync().AsTask()));
        await Simulator.DisposeAsync();
        await Git.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
