using k8s.Models;
using k8s;

namespace Fleet.Simulator.Tests.Client;

/// <summary>Where a kind is served: what a generic client needs to build its URLs.</summary>
public sealed record RestMapping(string Group, string Version, string Plural, bool Namespaced);

/// <summary>
/// A minimal REST mapper built from legacy discovery (<c>/api</c>, <c>/api/v1</c>, <c>/apis</c>,
/// <c>/apis/{group}/{version}</c>), the way kubectl and controller-runtime map a group and kind to a resource.
/// </summary>
public sealed class RestMapper
{
    private readonly Dictionary<(string Group, string Kind), RestMapping> _mappings;

    private RestMapper(Dictionary<(string Group, string Kind), RestMapping> mappings) => _mappings = mappings;

    public static async Task<RestMapper> DiscoverAsync(k8s.Kubernetes client)
    {
        var mappings = new Dictionary<(string Group, string Kind), RestMapping>();
        var core = await GetAsync<V1APIVersions>(client, "/api");
        foreach (var version in core.Versions)
        {
            Add(mappings, "", version, await GetAsync<V1APIResourceList>(client, $"/api/{version}"));
        }
        var groups = await GetAsync<V1APIGroupList>(client, "/apis");
        foreach (var group in groups.Groups)
        {
            // The preferred version wins: it is the one a mapper without an explicit version picks.
            var preferred = group.PreferredVersion;
            Add(mappings, group.Name, preferred.Version, await GetAsync<V1APIResourceList>(client, $"/apis/{preferred.GroupVersion}"));
        }
        return new RestMapper(mappings);
    }

    public bool TryFind(string group, string kind, out RestMapping mapping) => _mappings.TryGetValue((group, kind), out mapping!);

    public RestMapping Find(string group, string kind) =>
        TryFind(group, kind, out var mapping) ? mapping : throw new KeyNotFoundException($"no resource for kind {kind} in group \"{group}\"");

    /// <summary>A generic client for the kind, sharing the typed client's connection.</summary>
    public GenericClient ClientFor(k8s.Kubernetes client, string group, string kind)
    {
        var mapping = Find(group, kind);
        return new GenericClient(client, mapping.Group, mapping.Version, mapping.Plural, disposeClient: false);
    }

    private static void Add(Dictionary<(string Group, string Kind), RestMapping> mappings, string group, string version, V1APIResourceList list)
    {
        // Subresources (deployments/scale, pods/status) share their parent's kind or name another one: skip them.
        foreach (var resource in list.Resources.Where(r => !r.Name.Contains('/')))
        {
            mappings.TryAdd((group, resource.Kind), new RestMapping(group, version, resource.Name, resource.Namespaced));
        }
    }

    private static async Task<T> GetAsync<T>(k8s.Kubernetes client, string path)
    {
        var url = new Uri(client.BaseUri.ToString().TrimEnd('/') + path);
        using var response = await client.HttpClient.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return KubernetesJson.Deserialize<T>(await response.Content.ReadAsStringAsync());
    }
}
