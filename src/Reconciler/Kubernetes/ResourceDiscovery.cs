using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fleet.Reconciler.Runtime;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>
/// A REST mapper built from discovery: apiVersion + kind → plural + scope. Asks only for the group-versions in use
/// (<c>/api/v1</c>, <c>/apis/group/version</c>), caches each, and fetches one again when a kind is missing from it
/// (a CRD established since). Concurrent misses share one fetch.
/// </summary>
internal sealed class ResourceDiscovery(ApiTransport transport)
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, ResourceMapping>> _byGroupVersion = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fetching = new(1, 1);

    public async Task<ResourceMapping> MapAsync(string apiVersion, string kind, CancellationToken ct)
    {
        ResourcePaths.ValidateApiVersion(apiVersion, kind);
        _byGroupVersion.TryGetValue(apiVersion, out var seen);
        if (seen is not null && seen.TryGetValue(kind, out var cached))
        {
            return cached;
        }
        var fresh = await RefreshAsync(apiVersion, seen, ct);
        return fresh.TryGetValue(kind, out var mapping)
            ? mapping
            : throw new KubernetesApiException(404, "NotFound",
                $"no kind \"{kind}\" in \"{apiVersion}\" on cluster \"{transport.ClusterName}\": check apiVersion and kind, " +
                "or install the CustomResourceDefinition that serves it first.");
    }

    /// <summary>
    /// The kinds <paramref name="apiVersion"/> serves, read afresh (a CRD established since shows); the answer also
    /// refreshes the mapper's cache of that group-version.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> KindsAsync(string apiVersion, CancellationToken ct) =>
        [.. (await RefreshAsync(apiVersion, _byGroupVersion.GetValueOrDefault(apiVersion), ct)).Keys];

    /// <summary>Reads one APIResourceList into mappings by kind (subresources such as <c>deployments/status</c> left out).</summary>
    public static IReadOnlyDictionary<string, ResourceMapping> Parse(string apiVersion, JsonObject resourceList)
    {
        var mappings = new Dictionary<string, ResourceMapping>(StringComparer.Ordinal);
        foreach (var resource in resourceList["resources"] as JsonArray ?? [])
        {
            var name = resource?["name"]?.GetValue<string>();
            var kind = resource?["kind"]?.GetValue<string>();
            if (name is null || kind is null || name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }
            var namespaced = resource!["namespaced"]?.GetValue<bool>() ?? false;
            // Every cluster of a version serves the same kinds: their names are held once per silo, not per cluster.
            kind = SharedText.Of(kind);
            mappings.TryAdd(kind, new ResourceMapping(SharedText.Of(apiVersion), kind, SharedText.Of(name), namespaced));
        }
        return mappings;
    }

    private async Task<IReadOnlyDictionary<string, ResourceMapping>> RefreshAsync(
        string apiVersion, IReadOnlyDictionary<string, ResourceMapping>? seen, CancellationToken ct)
    {
        await _fetching.WaitAsync(ct);
        try
        {
            // Another caller may have fetched this group-version while we waited: its answer is as fresh as ours.
            if (_byGroupVersion.TryGetValue(apiVersion, out var current) && !ReferenceEquals(current, seen))
            {
                return current;
            }
            var answer = await transport.SendAsync(new ApiRequest(HttpMethod.Get, ResourcePaths.GroupVersion(apiVersion),
                $"discovery of \"{apiVersion}\"") { NotFoundIsAnswer = true }, ct);
            // 404: the cluster does not serve the group-version at all (yet).
            var mappings = answer.Code == 404
                ? new Dictionary<string, ResourceMapping>()
                : Parse(apiVersion, JsonBodies.ParseObject(answer.Body, transport.ClusterName, $"discovery of \"{apiVersion}\""));
            _byGroupVersion[apiVersion] = mappings;
            return mappings;
        }
        finally
        {
            _fetching.Release();
        }
    }
}
