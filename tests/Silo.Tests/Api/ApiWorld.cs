using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>
/// One test's own clusters (labelled run=its id, so that selectors isolate them from parallel tests), repository
/// and applications, registered through the API against the shared host.
/// </summary>
public sealed class ApiWorld(FleetHost host, HttpClient client)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    public string Run { get; } = Unique("run");

    public string Repository { get; } = Unique("r");

    public List<string> Clusters { get; } = [];

    public List<string> Applications { get; } = [];

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static readonly HttpClient Kubernetes = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<string> AddClusterAsync(Dictionary<string, string>? labels = null)
    {
        var name = Unique("c");
        host.Simulator.AddCluster(name);
        var all = new Dictionary<string, string>(labels ?? []) { ["run"] = Run };
        (await client.PutAsJsonAsync($"/api/v1/clusters/{name}", new { server = host.Simulator.ClusterUrl(name), labels = all })).EnsureSuccessStatusCode();
        Clusters.Add(name);
        return name;
    }

    public async Task AddRepositoryAsync() =>
        (await client.PutAsJsonAsync($"/api/v1/repositories/{Repository}", new { url = host.RepositoryPath, branch = "main" })).EnsureSuccessStatusCode();

    /// <summary>
    /// An application on every cluster of this world (add the clusters first). Each application deploys into a
    /// namespace of its own: two applications never manage the same object, and Fleet would refuse the second.
    /// </summary>
    public async Task<string> AddApplicationAsync(bool selfHeal = true, string? name = null)
    {
        name ??= Unique("a");
        foreach (var cluster in Clusters)
        {
            using var created = await Kubernetes.PostAsJsonAsync($"{host.Simulator.ClusterUrl(cluster)}/api/v1/namespaces",
                new { apiVersion = "v1", kind = "Namespace", metadata = new { name } });
            created.EnsureSuccessStatusCode();
        }
        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository = Repository,
            path = "app",
            destination = new { selector = new { matchLabels = new Dictionary<string, string> { ["run"] = Run } }, @namespace = name },
            syncPolicy = new { automated = true, prune = true, selfHeal },
        });
        response.EnsureSuccessStatusCode();
        Applications.Add(name);
        return name;
    }

    /// <summary>Waits until every instance of this world is listed Synced and Healthy.</summary>
    public Task<JsonObject> WaitAllSyncedAsync() =>
        EventuallyAsync(
            async () => await JsonAsync(await client.GetAsync($"/api/v1/instances?selector=run={Run}&sync=Synced&health=Healthy")),
            page => page["total"]!.GetValue<int>() == Clusters.Count * Applications.Count);

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
}
