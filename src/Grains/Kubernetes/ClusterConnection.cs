using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Fleet.Grains.Kubernetes;

/// <summary>
/// One cluster's API server over HTTP: discovery-based REST mapping, a token bucket, per-request timeouts,
/// retries with full-jitter exponential backoff (honouring Retry-After), server-side apply, and list-then-watch.
/// The same code serves real clusters and the simulator: it only speaks the Kubernetes wire protocol.
/// </summary>
public sealed class ClusterConnection : IClusterConnection
{
    private readonly string _cluster;
    private readonly string _server;
    private readonly ClusterConnectionOptions _options;
    private readonly HttpClient _http;
    private readonly TokenBucket _bucket;
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), ResourceMapping> _mappings = new();
    private long _requests;

    public ClusterConnection(string cluster, ClusterEndpoint endpoint, ClusterConnectionOptions options)
    {
        _cluster = cluster;
        _server = endpoint.Server.TrimEnd('/');
        _options = options;
        _http = new HttpClient(ClusterTls.CreateHandler(endpoint), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        if (endpoint.Token is { Length: > 0 } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("fleet/1.0");
        _bucket = new TokenBucket(options.QueriesPerSecond, options.Burst, TimeProvider.System);
    }

    public long RequestCount => Interlocked.Read(ref _requests);

    public async Task<ServerInfo> ProbeAsync(CancellationToken ct)
    {
        var version = await SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{_server}/version"), ct);
        return new ServerInfo(version?["gitVersion"]?.GetValue<string>() ?? "unknown");
    }

    public async Task<ResourceMapping> MapAsync(string apiVersion, string kind, CancellationToken ct)
    {
        if (_mappings.TryGetValue((apiVersion, kind), out var known))
        {
            return known;
        }
        // A miss re-reads the group-version's resource list once: a CRD may have just become established.
        var url = apiVersion.Contains('/') ? $"{_server}/apis/{apiVersion}" : $"{_server}/api/{apiVersion}";
        JsonObject? list;
        try
        {
            list = await SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, url), ct);
        }
        catch (KubernetesApiException e) when (e.Code == 404)
        {
            list = null;
        }
        foreach (var resource in (list?["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = resource["name"]?.GetValue<string>() ?? "";
            if (name.Contains('/'))
            {
                continue;
            }
            var mapping = new ResourceMapping(apiVersion, resource["kind"]!.GetValue<string>(), name, resource["namespaced"]?.GetValue<bool>() ?? false);
            _mappings[(apiVersion, mapping.Kind)] = mapping;
        }
        return _mappings.TryGetValue((apiVersion, kind), out var found)
            ? found
            : throw new KubernetesApiException(404, "NotFound",
                $"cluster {_cluster} does not serve kind {kind} in {apiVersion}: if it is a custom resource, its CustomResourceDefinition must be installed and established first");
    }

    public async Task<JsonObject> ApplyAsync(JsonObject manifest, string fieldManager, bool force, bool dryRun, CancellationToken ct)
    {
        var apiVersion = manifest["apiVersion"]?.GetValue<string>() ?? throw new KubernetesApiException(400, "BadRequest", "the manifest has no apiVersion");
        var kind = manifest["kind"]?.GetValue<string>() ?? throw new KubernetesApiException(400, "BadRequest", "the manifest has no kind");
        var name = manifest["metadata"]?["name"]?.GetValue<string>() ?? throw new KubernetesApiException(400, "BadRequest", $"the {kind} has no metadata.name");
        var ns = manifest["metadata"]?["namespace"]?.GetValue<string>();
        var url = await ObjectUrlAsync(apiVersion, kind, ns, name, ct);
        var query = $"?fieldManager={Uri.EscapeDataString(fieldManager)}&force={(force ? "true" : "false")}{(dryRun ? "&dryRun=All" : "")}";
        var body = manifest.ToJsonString();
        return await SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Patch, url + query)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/apply-patch+yaml"),
        }, ct) ?? throw new KubernetesApiException(500, "InternalError", "the apply answered no object");
    }

    public async Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct)
    {
        var url = await ObjectUrlAsync(apiVersion, kind, ns, name, ct);
        try
        {
            return await SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, url), ct);
        }
        catch (KubernetesApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct) =>
        (await ListPagesAsync(apiVersion, kind, labelSelector, ct)).Items;

    public async Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct)
    {
        var url = await ObjectUrlAsync(apiVersion, kind, ns, name, ct);
        try
        {
            await SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Delete, url + "?propagationPolicy=Background"), ct);
            return true;
        }
        catch (KubernetesApiException e) when (e.Code == 404)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<WatchChange> WatchAsync(string apiVersion, string kind, string? labelSelector, [EnumeratorCancellation] CancellationToken ct)
    {
        var changes = Channel.CreateBounded<WatchChange>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
        var pump = Task.Run(() => PumpWatchAsync(apiVersion, kind, labelSelector, changes.Writer, ct), CancellationToken.None);
        await foreach (var change in changes.Reader.ReadAllAsync(ct))
        {
            yield return change;
        }
        await pump;
    }

    public void Dispose() => _http.Dispose();

    // List, then watch from the list's resourceVersion; resume after a dropped stream, relist after 410 Gone, and back
    // off (jittered) while the cluster is unreachable.
    private async Task PumpWatchAsync(string apiVersion, string kind, string? labelSelector, ChannelWriter<WatchChange> output, CancellationToken ct)
    {
        string? resourceVersion = null;
        var failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    if (resourceVersion is null)
                    {
                        var (items, listVersion) = await ListPagesAsync(apiVersion, kind, labelSelector, ct);
                        foreach (var item in items)
                        {
                            await output.WriteAsync(new WatchChange(WatchChangeType.Added, item), ct);
                        }
                        await output.WriteAsync(new WatchChange(WatchChangeType.Synced, null), ct);
                        resourceVersion = listVersion;
                    }
                    resourceVersion = await StreamAsync(apiVersion, kind, labelSelector, resourceVersion, output, ct);
                    failures = 0;
                }
                catch (Exception e) when (e is ClusterUnreachableException or HttpRequestException or IOException or JsonException
                    || (e is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    failures++;
                    await Task.Delay(Backoff(Math.Min(failures, 6)), ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the watch was stopped
        }
        finally
        {
            output.TryComplete();
        }
    }

    // Reads one watch stream to its end; returns the resourceVersion to resume from, or null to relist (410 Gone).
    private async Task<string?> StreamAsync(string apiVersion, string kind, string? labelSelector, string? resourceVersion, ChannelWriter<WatchChange> output, CancellationToken ct)
    {
        var mapping = await MapAsync(apiVersion, kind, ct);
        var url = $"{CollectionUrl(mapping, null)}?watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion={resourceVersion}"
            + (labelSelector is null ? "" : $"&labelSelector={Uri.EscapeDataString(labelSelector)}");
        await _bucket.WaitAsync(ct);
        Interlocked.Increment(ref _requests);
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, ct);
        }
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var watchEvent = JsonNode.Parse(line)!.AsObject();
            var type = watchEvent["type"]?.GetValue<string>();
            var obj = watchEvent["object"] as JsonObject;
            var version = obj?["metadata"]?["resourceVersion"]?.GetValue<string>();
            switch (type)
            {
                case "ERROR":
                    return obj?["code"]?.GetValue<int>() == 410 ? null : resourceVersion;
                case "BOOKMARK":
                    resourceVersion = version ?? resourceVersion;
                    continue;
                case "ADDED" or "MODIFIED" or "DELETED":
                    var change = type == "ADDED" ? WatchChangeType.Added : type == "MODIFIED" ? WatchChangeType.Modified : WatchChangeType.Deleted;
                    await output.WriteAsync(new WatchChange(change, obj), ct);
                    resourceVersion = version ?? resourceVersion;
                    break;
                default:
                    break;
            }
        }
        return resourceVersion;
    }

    private async Task<(IReadOnlyList<JsonObject> Items, string? ResourceVersion)> ListPagesAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct)
    {
        var mapping = await MapAsync(apiVersion, kind, ct);
        var items = new List<JsonObject>();
        string? continueToken = null;
        string? resourceVersion;
        do
        {
            var url = $"{CollectionUrl(mapping, null)}?limit=500"
                + (labelSelector is null ? "" : $"&labelSelector={Uri.EscapeDataString(labelSelector)}")
                + (continueToken is null ? "" : $"&continue={Uri.EscapeDataString(continueToken)}");
            var page = await SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, url), ct);
            foreach (var item in (page?["items"] as JsonArray ?? []).OfType<JsonObject>())
            {
                // List items of built-in kinds carry no apiVersion/kind: give them back their identity.
                item["apiVersion"] ??= apiVersion;
                item["kind"] ??= kind;
                items.Add((JsonObject)item.DeepClone());
            }
            resourceVersion = page?["metadata"]?["resourceVersion"]?.GetValue<string>();
            continueToken = page?["metadata"]?["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(continueToken));
        return (items, resourceVersion);
    }

    private async Task<string> ObjectUrlAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct)
    {
        var mapping = await MapAsync(apiVersion, kind, ct);
        if (mapping.Namespaced && string.IsNullOrEmpty(ns))
        {
            throw new KubernetesApiException(400, "BadRequest", $"{kind} {name} is namespaced but names no namespace");
        }
        return $"{CollectionUrl(mapping, mapping.Namespaced ? ns : null)}/{Uri.EscapeDataString(name)}";
    }

    private string CollectionUrl(ResourceMapping mapping, string? ns)
    {
        var root = mapping.ApiVersion.Contains('/') ? $"{_server}/apis/{mapping.ApiVersion}" : $"{_server}/api/{mapping.ApiVersion}";
        return ns is null ? $"{root}/{mapping.Plural}" : $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{mapping.Plural}";
    }

    private async Task<JsonObject?> SendForJsonAsync(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var response = await SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, ct);
        }
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
    }

    // Retries what retrying can fix: connection failures, timeouts, 5xx and 429 (after Retry-After).
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken ct)
    {
        var reason = "ConnectionFailed";
        var detail = "";
        Exception? last = null;
        for (var attempt = 0; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            await _bucket.WaitAsync(ct);
            Interlocked.Increment(ref _requests);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                var response = await _http.SendAsync(create(), HttpCompletionOption.ResponseContentRead, timeout.Token);
                var code = (int)response.StatusCode;
                if (code == 401)
                {
                    response.Dispose();
                    throw new ClusterUnreachableException("Unauthorized", $"cluster {_cluster} rejected Fleet's credentials (401 Unauthorized): register it again with a valid token or client certificate");
                }
                if (code is not (429 or 500 or 502 or 503 or 504))
                {
                    return response;
                }
                reason = code == 429 ? "Throttled" : "ServerError";
                detail = $"{code} {response.ReasonPhrase}";
                retryAfter = response.Headers.RetryAfter?.Delta;
                response.Dispose();
            }
            catch (HttpRequestException e)
            {
                (reason, detail, last) = ("ConnectionFailed", e.InnerException?.Message ?? e.Message, e);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                (reason, detail, last) = ("Timeout", $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", e);
            }
            if (attempt >= _options.MaxRetries)
            {
                throw new ClusterUnreachableException(reason, $"{_server} {Describe(reason)} ({detail}) after {attempt + 1} attempts.", last);
            }
            await Task.Delay(retryAfter is { } wait && wait > TimeSpan.Zero ? Min(wait, _options.MaxBackoff) : Backoff(attempt), ct);
        }
    }

    private static string Describe(string reason) => reason switch
    {
        "Throttled" => "kept throttling Fleet",
        "ServerError" => "kept failing",
        "Timeout" => "did not answer in time",
        _ => "could not be reached",
    };

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt));
        // Full jitter: instances of a recovering cluster spread out instead of retrying in step.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static async Task<KubernetesApiException> FailureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        var code = (int)response.StatusCode;
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } status && status["kind"]?.GetValue<string>() == "Status")
            {
                return new KubernetesApiException(code, status["reason"]?.GetValue<string>() ?? response.StatusCode.ToString(), status["message"]?.GetValue<string>() ?? text);
            }
        }
        catch (JsonException)
        {
            // not a Status object: fall through
        }
        var reason = response.StatusCode == HttpStatusCode.NotFound ? "NotFound" : response.StatusCode.ToString();
        return new KubernetesApiException(code, reason, text.Trim().Length == 0 ? $"{code} {response.ReasonPhrase}" : text.Trim());
    }
}
