using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;
using Fleet.Simulator.Hosting;
using Fleet.Simulator.Storage;

namespace Fleet.Simulator.Tests.Infrastructure;

/// <summary>
/// One in-process simulator shared by a test collection. Each test makes its own virtual cluster with a unique
/// name, so tests run in parallel without seeing each other's objects.
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private int _next;

    public SimulatorServer Server { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        Server = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Controllers = new ControllerOptions
            {
                ReplicaReadyDelay = TimeSpan.FromMilliseconds(50),
                JobDuration = TimeSpan.FromMilliseconds(100),
                VolumeBindDelay = TimeSpan.FromMilliseconds(50),
                LoadBalancerDelay = TimeSpan.FromMilliseconds(50),
                AutoscalerSyncPeriod = TimeSpan.FromMilliseconds(100),
            },
            BookmarkInterval = TimeSpan.FromMilliseconds(300),
        });
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh virtual cluster and a client bound to its URL.</summary>
    public TestCluster NewCluster(string prefix = "t")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _next)}-{Guid.NewGuid().ToString("N")[..6]}";
        var cluster = Server.AddCluster(name);
        return new TestCluster(cluster, Server.ClusterUrl(name), Http);
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorFixture>
{
    public const string Name = "simulator";
}

/// <summary>A virtual cluster under test with small raw-HTTP helpers: the tests check the wire, not a client library.</summary>
public sealed class TestCluster(VirtualCluster cluster, string url, HttpClient http)
{
    public VirtualCluster Cluster { get; } = cluster;

    public string Url { get; } = url;

    public string Name => Cluster.Name;

    public Task<Reply> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, null, null, accept);

    public Task<Reply> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString(), "application/json");

    public Task<Reply> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString(), "application/json");

    public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null, null);

    public Task<Reply> PatchAsync(string path, string body, string contentType) => SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<Reply> ApplyAsync(string path, JsonNode body, string manager = "test", bool force = false) =>
        PatchAsync($"{path}?fieldManager={manager}{(force ? "&force=true" : "")}", body.ToJsonString(), "application/apply-patch+yaml");

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? body, string? contentType, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, Url + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, text, response.Content.Headers.ContentType?.ToString() ?? "",
            response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Polls until the condition holds or the deadline passes; returns the last value seen.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        var value = await probe();
        while (!done(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(20);
            value = await probe();
        }
        return value;
    }
}

/// <summary>An HTTP answer: status code, body, and its JSON when it has one.</summary>
public sealed record Reply(int Code, string Body, string ContentType, TimeSpan? RetryAfter)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? Rv => Json["metadata"]?["resourceVersion"]?.GetValue<string>();
}

/// <summary>Small builders for manifests used across tests.</summary>
public static class Manifests
{
    public static JsonObject ConfigMap(string name, string? ns = null, JsonObject? labels = null, JsonObject? data = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }
        if (labels is not null)
        {
            metadata["labels"] = labels;
        }
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = data ?? new JsonObject { ["k"] = "v" } };
    }

    public static JsonObject Deployment(string name, int replicas = 2, string image = "nginx:1.27")
    {
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "web",
                            ["image"] = image,
                            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80 }),
                        }),
                    },
                },
            },
        };
    }

    public static JsonObject Namespace(string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
}
