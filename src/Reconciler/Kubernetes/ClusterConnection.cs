using System.Text.Json.Nodes;
using Fleet.Kubernetes.Json;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>
/// The connection to one cluster: discovery-backed REST mapping, server-side apply, get, list, delete and
/// list-then-watch (in <c>ClusterConnection.Watch.cs</c>), all through one <see cref="ApiTransport"/>.
/// </summary>
internal sealed partial class ClusterConnection : IClusterConnection
{
    private const string ApplyPatchContentType = "application/apply-patch+yaml";

    private readonly ClusterConnectionOptions _options;
    private readonly ApiTransport _transport;
    private readonly ResourceDiscovery _discovery;
    private readonly Lock _capabilitiesLock = new();
    private (DateTimeOffset At, Task<ServerCapabilities> Fetch)? _capabilities;
    private int _openWatches;

    public ClusterConnection(string clusterName, ClusterEndpoint endpoint, ClusterConnectionOptions options)
    {
        _options = options;
        _transport = new ApiTransport(clusterName, endpoint, options, TimeProvider.System);
        _discovery = new ResourceDiscovery(_transport);
    }

    public long RequestCount => _transport.RequestCount;

    public DateTimeOffset? LastAnswerAt => _transport.LastAnswerAt;

    public long ConnectionsReplaced => _transport.ConnectionsReplaced;

    public int OpenWatches => Volatile.Read(ref _openWatches);

    private string ClusterName => _transport.ClusterName;

    public async Task<ServerInfo> ProbeAsync(CancellationToken ct)
    {
        const string Operation = "GET /version";
        var answer = await _transport.SendAsync(new ApiRequest(HttpMethod.Get, "version", Operation), ct);
        var version = JsonBodies.ParseObject(answer.Body, ClusterName, Operation);
        return new ServerInfo(JsonScan.String(version, "gitVersion") ?? "unknown");
    }

    public async Task<ServerCapabilities> CapabilitiesAsync(CancellationToken ct)
    {
        Task<ServerCapabilities> fetch;
        lock (_capabilitiesLock)
        {
            var now = TimeProvider.System.GetUtcNow();
            if (_capabilities is not { } cached || now - cached.At > _options.CapabilitiesMaxAge || cached.Fetch.IsFaulted || cached.Fetch.IsCanceled)
            {
                // Not bound to this caller's token: callers that share the fetch must not be cancelled by one of them.
                _capabilities = cached = (now, FetchCapabilitiesAsync());
            }
            fetch = cached.Fetch;
        }
        return await fetch.WaitAsync(ct);
    }

    private async Task<ServerCapabilities> FetchCapabilitiesAsync()
    {
        var version = await ProbeAsync(CancellationToken.None);
        const string CoreOperation = "discovery of the core API versions";
        const string GroupsOperation = "discovery of the API groups";
        var core = JsonBodies.ParseObject((await _transport.SendAsync(new ApiRequest(HttpMethod.Get, "api", CoreOperation), CancellationToken.None)).Body,
            ClusterName, CoreOperation);
        var groups = JsonBodies.ParseObject((await _transport.SendAsync(new ApiRequest(HttpMethod.Get, "apis", GroupsOperation), CancellationToken.None)).Body,
            ClusterName, GroupsOperation);
        var groupVersions = ApiVersionsOf(core, groups);
        // Helm's capabilities list every kind too (apps/v1/Deployment), as a chart's
        // .Capabilities.APIVersions.Has "apps/v1/Deployment" asks: one resource list per group-version.
        var kinds = new List<(string GroupVersion, IReadOnlyCollection<string> Kinds)>();
        foreach (var groupVersion in groupVersions)
        {
            kinds.Add((groupVersion, await _discovery.KindsAsync(groupVersion, CancellationToken.None)));
        }
        return new ServerCapabilities(version.GitVersion, WithKinds(groupVersions, kinds));
    }

    /// <summary>The group-versions and, for each kind a group-version serves, <c>group/version/Kind</c>, sorted.</summary>
    internal static IReadOnlyList<string> WithKinds(IReadOnlyList<string> groupVersions, IEnumerable<(string GroupVersion, IReadOnlyCollection<string> Kinds)> kinds)
    {
        var all = new SortedSet<string>(groupVersions, StringComparer.Ordinal);
        foreach (var (groupVersion, served) in kinds)
        {
            foreach (var kind in served)
            {
                all.Add($"{groupVersion}/{kind}");
            }
        }
        return [.. all];
    }

    /// <summary>The group-versions listed by <c>/api</c> (an APIVersions) and <c>/apis</c> (an APIGroupList), sorted.</summary>
    internal static IReadOnlyList<string> ApiVersionsOf(JsonObject core, JsonObject groups)
    {
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var version in core["versions"] as JsonArray ?? [])
        {
            if (version?.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                versions.Add(version.GetValue<string>());
            }
        }
        foreach (var group in groups["groups"] as JsonArray ?? [])
        {
            foreach (var version in group?["versions"] as JsonArray ?? [])
            {
                if (JsonScan.String(version as JsonObject, "groupVersion") is { Length: > 0 } groupVersion)
                {
                    versions.Add(groupVersion);
                }
            }
        }
        return [.. versions];
    }

    public Task<ResourceMapping> MapAsync(string apiVersion, string kind, CancellationToken ct) =>
        _discovery.MapAsync(apiVersion, kind, ct);

    public async Task<JsonObject> ApplyAsync(JsonObject manifest, string fieldManager, bool force, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldManager);
        var target = RequestTargets.FromManifest(manifest);
        var mapping = await MapAsync(target.ApiVersion, target.Kind, ct);
        var ns = RequestTargets.RequireNamespace(mapping, target.Namespace, target.Name);
        var path = ResourcePaths.WithQuery(ResourcePaths.Object(mapping, ns, target.Name),
            ("fieldManager", fieldManager), ("force", force ? "true" : "false"), ("dryRun", dryRun ? "All" : null));
        var operation = $"{(dryRun ? "dry-run apply" : "apply")} of {RequestTargets.Describe(mapping, ns, target.Name)}";
        var request = new ApiRequest(HttpMethod.Patch, path, operation)
        {
            // Apply takes YAML or JSON under the apply-patch media type; JSON is YAML, so no conversion is needed.
            Body = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()),
            ContentType = ApplyPatchContentType,
        };
        var answer = await _transport.SendAsync(request, ct);
        return RequestTargets.RequireAnswerFor(JsonBodies.ParseObject(answer.Body, ClusterName, operation), mapping, ns, target.Name, operation);
    }

    public async Task<JsonObject> UpdateAsync(JsonObject manifest, string? resourceVersion, string fieldManager, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var target = RequestTargets.FromManifest(manifest);
        var mapping = await MapAsync(target.ApiVersion, target.Kind, ct);
        var ns = RequestTargets.RequireNamespace(mapping, target.Namespace, target.Name);
        var body = manifest.DeepClone().AsObject();
        if (resourceVersion is not null && body["metadata"] is JsonObject metadata)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        var operation = $"replace of {RequestTargets.Describe(mapping, ns, target.Name)}";
        var answer = await _transport.SendAsync(new ApiRequest(HttpMethod.Put,
            ResourcePaths.WithQuery(ResourcePaths.Object(mapping, ns, target.Name), ("fieldManager", fieldManager)), operation)
        {
            Body = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()),
            ContentType = "application/json",
        }, ct);
        return RequestTargets.RequireAnswerFor(JsonBodies.ParseObject(answer.Body, ClusterName, operation), mapping, ns, target.Name, operation);
    }

    public async Task<JsonObject> CreateAsync(JsonObject manifest, string fieldManager, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var target = RequestTargets.FromManifest(manifest);
        var mapping = await MapAsync(target.ApiVersion, target.Kind, ct);
        var ns = RequestTargets.RequireNamespace(mapping, target.Namespace, target.Name);
        var operation = $"create of {RequestTargets.Describe(mapping, ns, target.Name)}";
        var answer = await _transport.SendAsync(new ApiRequest(HttpMethod.Post,
            ResourcePaths.WithQuery(ResourcePaths.Collection(mapping, ns), ("fieldManager", fieldManager)), operation)
        {
            Body = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()),
            ContentType = "application/json",
        }, ct);
        return RequestTargets.RequireAnswerFor(JsonBodies.ParseObject(answer.Body, ClusterName, operation), mapping, ns, target.Name, operation);
    }

    public async Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var mapping = await MapAsync(apiVersion, kind, ct);
        ns = RequestTargets.RequireNamespace(mapping, ns, name);
        var operation = $"get of {RequestTargets.Describe(mapping, ns, name)}";
        var answer = await _transport.SendAsync(
            new ApiRequest(HttpMethod.Get, ResourcePaths.Object(mapping, ns, name), operation) { NotFoundIsAnswer = true }, ct);
        return answer.Code == 404 ? null
            : RequestTargets.RequireAnswerFor(JsonBodies.ParseObject(answer.Body, ClusterName, operation), mapping, ns, name, operation);
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct)
    {
        var mapping = await MapAsync(apiVersion, kind, ct);
        return (await ListAllPagesAsync(mapping, labelSelector, ct)).Items;
    }

    public async Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct, string? uid = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var mapping = await MapAsync(apiVersion, kind, ct);
        ns = RequestTargets.RequireNamespace(mapping, ns, name);
        var path = ResourcePaths.WithQuery(ResourcePaths.Object(mapping, ns, name), ("propagationPolicy", "Background"));
        var request = new ApiRequest(HttpMethod.Delete, path, $"delete of {RequestTargets.Describe(mapping, ns, name)}") { NotFoundIsAnswer = true };
        if (uid is not null)
        {
            var options = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions", ["preconditions"] = new JsonObject { ["uid"] = uid } };
            request = request with { Body = System.Text.Encoding.UTF8.GetBytes(options.ToJsonString()), ContentType = "application/json" };
        }
        var answer = await _transport.SendAsync(request, ct);
        return answer.Code != 404;
    }

    public void Dispose() => _transport.Dispose();

    /// <summary>
    /// Lists every page. A continue token can expire (410) on a long list: the list then starts over, a few times.
    /// </summary>
    private async Task<ListSnapshot> ListAllPagesAsync(ResourceMapping mapping, string? labelSelector, CancellationToken ct)
    {
        const int MaxRestarts = 3;
        for (var restart = 0; ; restart++)
        {
            try
            {
                return await ListPagesOnceAsync(mapping, labelSelector, ct);
            }
            catch (KubernetesApiException e) when (e.Code == 410 && restart < MaxRestarts)
            {
                // The snapshot the pages came from is gone; a fresh list is the only consistent answer.
            }
        }
    }

    private async Task<ListSnapshot> ListPagesOnceAsync(ResourceMapping mapping, string? labelSelector, CancellationToken ct)
    {
        var items = new List<JsonObject>();
        string? continueToken = null;
        string? resourceVersion;
        var operation = $"list of {mapping.Kind} ({mapping.ApiVersion})";
        do
        {
            var path = ResourcePaths.WithQuery(ResourcePaths.Collection(mapping, ns: null),
                ("labelSelector", string.IsNullOrEmpty(labelSelector) ? null : labelSelector),
                ("limit", _options.ListPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("continue", continueToken));
            var answer = await _transport.SendAsync(new ApiRequest(HttpMethod.Get, path, operation), ct);
            var page = JsonBodies.ParseObject(answer.Body, ClusterName, operation);
            items.AddRange(TakeItems(page, mapping));
            resourceVersion = JsonScan.String(page, "metadata", "resourceVersion");
            continueToken = JsonScan.String(page, "metadata", "continue") is { Length: > 0 } next ? next : null;
        }
        while (continueToken is not null);
        return new ListSnapshot(items, resourceVersion);
    }

    // Items of built-in lists come without apiVersion and kind; callers get complete objects, detached from the page.
    private static IEnumerable<JsonObject> TakeItems(JsonObject page, ResourceMapping mapping)
    {
        if (page["items"] is not JsonArray array)
        {
            return [];
        }
        var items = array.OfType<JsonObject>().ToList();
        array.Clear();
        foreach (var item in items)
        {
            if (item["apiVersion"] is null)
            {
                item["apiVersion"] = mapping.ApiVersion;
            }
            if (item["kind"] is null)
            {
                item["kind"] = mapping.Kind;
            }
        }
        return items;
    }

    /// <summary>One consistent list: its objects and the resourceVersion a watch continues from.</summary>
    private sealed record ListSnapshot(IReadOnlyList<JsonObject> Items, string? ResourceVersion);
}
