using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Events;

/// <summary>Shared steps of the event and notification tests: a synced application, out-of-band edits, polling.</summary>
internal static class EventTestKit
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Registers a fresh simulator cluster with Fleet.</summary>
    public static async Task<string> AddClusterAsync(FleetHost host, HttpClient client)
    {
        var cluster = Unique("c");
        host.Simulator.AddCluster(cluster);
        (await client.PutAsJsonAsync($"/api/v1/clusters/{cluster}", new { server = host.Simulator.ClusterUrl(cluster) })).EnsureSuccessStatusCode();
        return cluster;
    }

    /// <summary>Registers the host's repository and puts an application on <paramref name="cluster"/> (not waiting).</summary>
    public static async Task PutApplicationAsync(FleetHost host, HttpClient client, string application, string cluster, bool selfHeal = true,
        string ns = "default")
    {
        var repository = Unique("r");
        (await client.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = host.RepositoryPath, branch = "main" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/v1/applications/{application}", new
        {
            repository,
            path = "app",
            destination = new { clusters = new[] { cluster }, @namespace = ns, createNamespace = ns != "default" },
            syncPolicy = new { automated = true, prune = true, selfHeal },
        })).EnsureSuccessStatusCode();
    }

    /// <summary>A new application on a new cluster, Synced and Healthy.</summary>
    public static async Task<(string Application, string Cluster)> SyncedApplicationAsync(FleetHost host, HttpClient client)
    {
        var cluster = await AddClusterAsync(host, client);
        var application = Unique("a");
        await PutApplicationAsync(host, client, application, cluster);
        await EventuallyAsync(async () => await client.GetFromJsonAsync<JsonObject>($"/api/v1/applications/{application}/clusters/{cluster}"),
            i => i?["sync"]?.GetValue<string>() == "Synced" && i["health"]?.GetValue<string>() == "Healthy");
        return (application, cluster);
    }

    /// <summary>Edits the application's ConfigMap in the cluster behind Fleet's back.</summary>
    public static async Task EditOutOfBandAsync(FleetHost host, string cluster, string value)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{host.Simulator.ClusterUrl(cluster).TrimEnd('/')}/api/v1/namespaces/default/configmaps/settings")
        {
            Content = new StringContent(new JsonObject { ["data"] = new JsonObject { ["greeting"] = value } }.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The ConfigMap's greeting as the cluster has it now.</summary>
    public static async Task<string?> LiveGreetingAsync(FleetHost host, string cluster)
    {
        using var client = new HttpClient();
        var configMap = await client.GetFromJsonAsync<JsonObject>($"{host.Simulator.ClusterUrl(cluster).TrimEnd('/')}/api/v1/namespaces/default/configmaps/settings");
        return configMap?["data"]?["greeting"]?.GetValue<string>();
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds or 30 s pass.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(100);
        }
    }
}

/// <summary>One server-sent event as the client saw it.</summary>
internal sealed record SseMessage(long Id, string Event, JsonObject Data);

/// <summary>A real SSE client: reads the response line by line and assembles messages.</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream, Encoding.UTF8);
    }

    /// <summary>Comments (heartbeats) seen so far.</summary>
    public List<string> Comments { get; } = [];

    /// <summary>Opens the stream at <paramref name="query"/>; a Last-Event-ID header when <paramref name="lastEventId"/> is set.</summary>
    public static async Task<SseClient> OpenAsync(HttpClient client, string query, long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events" + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var sse = new SseClient(response, await response.Content.ReadAsStreamAsync());
        // The server writes a retry line first: once it is read, the stream is open and positioned.
        await sse.ReadLineAsync(TimeSpan.FromSeconds(10));
        return sse;
    }

    /// <summary>The next message, or a failed assertion when none comes within <paramref name="within"/>.</summary>
    public async Task<SseMessage> NextAsync(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        long id = 0;
        string? name = null;
        var data = new StringBuilder();
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, "no server-sent event arrived in time");
            var line = await ReadLineAsync(left);
            if (line.StartsWith(':'))
            {
                Comments.Add(line);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
            else if (line.Length == 0 && name is not null)
            {
                return new SseMessage(id, name, JsonNode.Parse(data.ToString())!.AsObject());
            }
        }
    }

    /// <summary>Messages until one named <paramref name="kind"/> (included).</summary>
    public async Task<List<SseMessage>> UntilAsync(string kind)
    {
        var messages = new List<SseMessage>();
        while (messages.LastOrDefault()?.Event != kind)
        {
            messages.Add(await NextAsync());
        }
        return messages;
    }

    private async Task<string> ReadLineAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var line = await _reader.ReadLineAsync(timeout.Token);
        Assert.NotNull(line);
        return line;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
