using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Fleet.Bench.Harness;

/// <summary>The driver's view of Fleet: its public HTTP API, as any user or tool would call it.</summary>
public sealed class FleetClient(Uri baseAddress, string token) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 32 })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(100),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public Task PutClusterAsync(string name, string server, string caData, IReadOnlyDictionary<string, string> labels) =>
        SendAsync(HttpMethod.Put, $"/api/v1/clusters/{name}", new JsonObject
        {
            ["server"] = server,
            ["caData"] = caData,
            ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
        });

    public Task PutRepositoryAsync(string name, string url, string webhookSecret) =>
        SendAsync(HttpMethod.Put, $"/api/v1/repositories/{name}", new JsonObject
        {
            ["url"] = url,
            ["branch"] = "main",
            // Polling stays out of the way: the benchmark measures what a webhook sets off.
            ["pollIntervalSeconds"] = 3600,
            ["webhookSecret"] = webhookSecret,
        });

    public Task PutApplicationAsync(string name, string repository, string path, IReadOnlyDictionary<string, string> selector) =>
        SendAsync(HttpMethod.Put, $"/api/v1/applications/{name}", new JsonObject
        {
            ["repository"] = repository,
            ["path"] = path,
            ["destination"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject(selector.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))) },
                ["namespace"] = "default",
            },
            ["syncPolicy"] = new JsonObject { ["automated"] = true, ["prune"] = true, ["selfHeal"] = true },
        });

    /// <summary>A signed generic push webhook, as a Git server would send it.</summary>
    public async Task PushWebhookAsync(string url, string branch, string secret)
    {
        var body = new JsonObject { ["url"] = url, ["branch"] = branch }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/generic")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
        request.Headers.Add("X-Fleet-Signature", "sha256=" + signature);
        using var response = await _http.SendAsync(request);
        await EnsureAsync(response);
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Every instance row the paged instances list returns for <paramref name="query"/>.</summary>
    public async Task<List<JsonObject>> ListInstancesAsync(string query)
    {
        var rows = new List<JsonObject>();
        string? next = null;
        do
        {
            var page = await GetAsync($"/api/v1/instances?limit=1000&{query}" + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next)));
            rows.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            next = page["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(next));
        return rows;
    }

    public void Dispose() => _http.Dispose();

    private async Task SendAsync(HttpMethod method, string path, JsonObject body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await _http.SendAsync(request);
        await EnsureAsync(response);
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
