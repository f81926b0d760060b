using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.EndToEnd;

/// <summary>
/// One test's world: its own Git repository, virtual clusters and application on the shared Fleet cluster, with
/// helpers to drive and observe them. Everything waits on conditions with deadlines.
/// </summary>
public sealed class GitOpsScenario(FleetCluster fleet)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    public static HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public FleetCluster Fleet { get; } = fleet;

    public string Application { get; } = fleet.UniqueName("app");

    public string RepositoryName { get; } = fleet.UniqueName("repo");

    public string Env { get; } = fleet.UniqueName("env");

    public TestRepository Repository { get; private set; } = null!;

    public string Namespace { get; } = "default";

    public async Task<string> CreateRepositoryAsync(IReadOnlyDictionary<string, string> files)
    {
        Repository = Fleet.Git.CreateRepository(RepositoryName);
        foreach (var (path, text) in files)
        {
            Repository.WriteFile(path, text);
        }
        var commit = Repository.Commit("initial");
        await Fleet.Grains.GetGrain<IRepositoryGrain>(RepositoryName).RegisterAsync(new RepositorySpec
        {
            Url = Repository.Url,
            Branch = "main",
            PollIntervalSeconds = 3600,
        });
        return commit;
    }

    /// <summary>Adds a virtual cluster to the simulator and registers it with Fleet, labelled env=this scenario's env.</summary>
    public async Task<string> AddClusterAsync(IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var name = Fleet.UniqueName("c");
        Fleet.Simulator.AddCluster(name);
        var labels = new Dictionary<string, string>(extraLabels ?? new Dictionary<string, string>()) { ["env"] = Env };
        await Fleet.Grains.GetGrain<IClusterGrain>(name).RegisterAsync(new ClusterRegistration { Server = Fleet.Simulator.ClusterUrl(name), Labels = labels });
        return name;
    }

    public Task<ApplicationView> PutApplicationAsync(string path = "app", bool automated = true, bool prune = true, bool selfHeal = true, string? revision = null) =>
        Fleet.Grains.GetGrain<IApplicationGrain>(Application).PutAsync(new ApplicationSpec
        {
            Repository = RepositoryName,
            Revision = revision,
            Path = path,
            Destination = new Destination { MatchLabels = new Dictionary<string, string> { ["env"] = Env }, Namespace = Namespace },
            SyncPolicy = new SyncPolicy { Automated = automated, Prune = prune, SelfHeal = selfHeal },
        });

    /// <summary>Commits and tells Fleet at once, as a webhook would.</summary>
    public async Task<string> CommitAsync(string message)
    {
        var commit = Repository.Commit(message);
        await Fleet.Grains.GetGrain<IRepositoryGrain>(RepositoryName).RefreshAsync();
        return commit;
    }

    public Task<InstanceView?> InstanceAsync(string cluster) =>
        Fleet.Grains.GetGrain<IApplicationInstanceGrain>($"{Application}/{cluster}").GetAsync();

    /// <summary>Waits until the instance satisfies the condition; returns the last view either way.</summary>
    public async Task<InstanceView?> WaitForInstanceAsync(string cluster, Func<InstanceView, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        InstanceView? view;
        while (true)
        {
            view = await InstanceAsync(cluster);
            if ((view is not null && condition(view)) || DateTime.UtcNow > deadline)
            {
                return view;
            }
            await Task.Delay(50);
        }
    }

    public static bool SyncedAndHealthy(InstanceView view, string? commit = null) =>
        view.Sync == SyncStatus.Synced && view.Health == HealthStatus.Healthy && (commit is null || view.Revision == commit);

    /// <summary>Reads an object straight from the simulator, as kubectl would.</summary>
    public async Task<JsonObject?> LiveAsync(string cluster, string path)
    {
        using var response = await Http.GetAsync(Fleet.Simulator.ClusterUrl(cluster) + path);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    public async Task<int> PatchLiveAsync(string cluster, string path, string mergePatch)
    {
        using var content = new StringContent(mergePatch, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
        using var response = await Http.PatchAsync($"{Fleet.Simulator.ClusterUrl(cluster)}{path}?fieldManager=kubectl-edit", content);
        return (int)response.StatusCode;
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var value = await probe();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await probe();
        }
        return value;
    }

    public static string Describe(InstanceView? view) => view is null ? "(no instance)"
        : $"sync={view.Sync} health={view.Health} revision={view.Revision} conditions=[{string.Join("; ", view.Conditions.Select(c => $"{c.Type}={c.Status} {c.Reason}: {c.Message}"))}] resources=[{string.Join("; ", view.Resources.Select(r => $"{r.Kind}/{r.Name} {r.Sync} {r.Health} {r.Message} {string.Join(",", r.Diff)}"))}]";
}

/// <summary>Sample manifests.</summary>
public static class SampleManifests
{
    public static string ConfigMap(string name, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        data:
          setting: "{value}"
        """;

    public static string Deployment(string name, string image = "nginx:1.27", int replicas = 2, int progressDeadlineSeconds = 600) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          replicas: {replicas}
          progressDeadlineSeconds: {progressDeadlineSeconds}
          selector:
            matchLabels: {"{"}app: {name}{"}"}
          template:
            metadata:
              labels: {"{"}app: {name}{"}"}
            spec:
              containers:
              - name: web
                image: {image}
                ports:
                - containerPort: 80
                resources:
                  requests: {"{"}cpu: "0.5", memory: 64Mi{"}"}
        """;

    public static string Service(string name) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
        spec:
          selector: {"{"}app: {name}{"}"}
          ports:
          - port: 80
            targetPort: 80
        """;
}
