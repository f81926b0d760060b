using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Discovery;

/// <summary>
/// The discovery documents a real API server answers on <c>/version</c>, <c>/api</c>, <c>/apis</c> and the
/// group-version paths, in both the legacy form and the aggregated v2 form kubectl prefers.
/// </summary>
public static class DiscoveryDocuments
{
    /// <summary>The response Content-Type that tells clients the body is aggregated discovery v2.</summary>
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>The Kubernetes release the simulator claims to be (the kubectl here is v1.32).</summary>
    public const string GitVersion = "v1.32.4";

    private static readonly string[] NamespaceFinalizeVerbs = ["update"];

    /// <summary>True when the Accept header asks for aggregated discovery v2 (kubectl and client-go do).</summary>
    /// <param name="acceptHeader">The raw request header.</param>
    public static bool WantsAggregated(string? acceptHeader) =>
        AcceptHeader.HasJsonRange(acceptHeader, ("g", "apidiscovery.k8s.io"), ("v", "v2"), ("as", "APIGroupDiscoveryList"));

    /// <summary>GET /version.</summary>
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-22T16:00:00Z",
        ["goVersion"] = "go1.23.8",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    /// <summary>GET /api in the legacy form: the core group's versions. It has no apiVersion field.</summary>
    /// <param name="serverAddress">host:port clients should use, such as <c>127.0.0.1:6443</c>.</param>
    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = Json.Strings(["v1"]),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = serverAddress,
        }),
    };

    /// <summary>GET /apis in the legacy form: every named group (the core group is served under /api).</summary>
    /// <param name="types">The cluster's served types.</param>
    public static JsonObject GroupList(ResourceTypeRegistry types) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = Json.Array(NamedGroups(types).Select(g => GroupBody(g.Key, Versions(g)))),
    };

    /// <summary>GET /apis/{group}: one APIGroup, or null when the group is not served (404).</summary>
    /// <param name="types">The cluster's served types.</param>
    /// <param name="group">The group name; the core group is not served here.</param>
    public static JsonObject? Group(ResourceTypeRegistry types, string group)
    {
        var versions = NamedGroups(types).Where(g => g.Key == group).SelectMany(Versions).ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        var body = GroupBody(group, versions);
        body.Insert(0, "kind", "APIGroup");
        body.Insert(1, "apiVersion", "v1");
        return body;
    }

    /// <summary>
    /// GET /api/v1 or /apis/{group}/{version}: the APIResourceList, subresources as their own entries;
    /// null when the group-version is not served (404).
    /// </summary>
    /// <param name="types">The cluster's served types.</param>
    /// <param name="group">The group, <c>""</c> for the core group.</param>
    /// <param name="version">The version.</param>
    public static JsonObject? ResourceList(ResourceTypeRegistry types, string group, string version)
    {
        var served = types.Types.Where(t => t.Group == group && t.Version == version).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = served[0].ApiVersion,
            ["resources"] = Json.Array(served.SelectMany(LegacyResources)),
        };
    }

    /// <summary>GET /api as aggregated discovery v2: one item, the core group named <c>""</c>.</summary>
    /// <param name="types">The cluster's served types.</param>
    public static JsonObject AggregatedCore(ResourceTypeRegistry types) =>
        AggregatedList(types.ByGroup().Where(g => g.Key.Length == 0));

    /// <summary>GET /apis as aggregated discovery v2: every named group, versions in preference order.</summary>
    /// <param name="types">The cluster's served types.</param>
    public static JsonObject AggregatedGroups(ResourceTypeRegistry types) => AggregatedList(NamedGroups(types));

    /// <summary>
    /// A stable, content-derived hash for a type, as the real server reports in <c>storageVersionHash</c>
    /// (clients only compare it for equality).
    /// </summary>
    /// <param name="type">The type.</param>
    public static string StorageVersionHash(ResourceType type)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{type.Group}/{type.Version}/{type.Kind}"));
        return Convert.ToBase64String(digest, 0, 8);
    }

    private static IEnumerable<IGrouping<string, ResourceType>> NamedGroups(ResourceTypeRegistry types) =>
        types.ByGroup().Where(g => g.Key.Length > 0);

    // A group's versions in registry order, which is preference order: the first one is preferred.
    private static IEnumerable<string> Versions(IEnumerable<ResourceType> group) => group.Select(t => t.Version).Distinct();

    private static JsonObject GroupBody(string group, IEnumerable<string> versions)
    {
        var list = versions.ToList();
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = Json.Array(list.Select(v => GroupVersionEntry(group, v))),
            ["preferredVersion"] = GroupVersionEntry(group, list[0]),
        };
    }

    private static JsonObject GroupVersionEntry(string group, string version) => new()
    {
        ["groupVersion"] = $"{group}/{version}",
        ["version"] = version,
    };

    private static IEnumerable<JsonObject> LegacyResources(ResourceType type)
    {
        var main = new JsonObject
        {
            ["name"] = type.Plural,
            ["singularName"] = type.Singular,
            ["namespaced"] = type.Namespaced,
            ["kind"] = type.Kind,
            ["verbs"] = Json.Strings(ResourceType.StandardVerbs),
        };
        if (type.ShortNames.Count > 0)
        {
            main["shortNames"] = Json.Strings(type.ShortNames);
        }

        if (type.Categories.Count > 0)
        {
            main["categories"] = Json.Strings(type.Categories);
        }

        main["storageVersionHash"] = StorageVersionHash(type);
        yield return main;

        foreach (var sub in Subresources(type))
        {
            var entry = new JsonObject
            {
                ["name"] = $"{type.Plural}/{sub.Name}",
                ["singularName"] = "",
                ["namespaced"] = type.Namespaced,
            };
            // group and version appear only when they differ from the list's own group-version.
            if (sub.Group is not null)
            {
                entry["group"] = sub.Group;
                entry["version"] = sub.Version;
            }

            entry["kind"] = sub.Kind ?? type.Kind;
            entry["verbs"] = Json.Strings(sub.Verbs);
            yield return entry;
        }
    }

    private static JsonObject AggregatedList(IEnumerable<IGrouping<string, ResourceType>> groups) => new()
    {
        ["kind"] = "APIGroupDiscoveryList",
        ["apiVersion"] = "apidiscovery.k8s.io/v2",
        ["metadata"] = new JsonObject(),
        ["items"] = Json.Array(groups.Select(AggregatedGroup)),
    };

    private static JsonObject AggregatedGroup(IGrouping<string, ResourceType> group) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = group.Key },
        ["versions"] = Json.Array(Versions(group).Select(version => new JsonObject
        {
            ["version"] = version,
            ["resources"] = Json.Array(group.Where(t => t.Version == version).Select(AggregatedResource)),
            ["freshness"] = "Current",
        })),
    };

    private static JsonObject AggregatedResource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["resource"] = type.Plural,
            // Empty group and version mean "the enclosing group-version", as the real server writes it.
            ["responseKind"] = ResponseKind("", "", type.Kind),
            ["scope"] = type.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = type.Singular,
            ["verbs"] = Json.Strings(ResourceType.StandardVerbs),
        };
        if (type.ShortNames.Count > 0)
        {
            resource["shortNames"] = Json.Strings(type.ShortNames);
        }

        if (type.Categories.Count > 0)
        {
            resource["categories"] = Json.Strings(type.Categories);
        }

        var subresources = Subresources(type).ToList();
        if (subresources.Count > 0)
        {
            resource["subresources"] = Json.Array(subresources.Select(sub => new JsonObject
            {
                ["subresource"] = sub.Name,
                ["responseKind"] = ResponseKind(sub.Group ?? "", sub.Version ?? "", sub.Kind ?? type.Kind),
                ["verbs"] = Json.Strings(sub.Verbs),
            }));
        }

        return resource;
    }

    private static JsonObject ResponseKind(string group, string version, string kind) => new()
    {
        ["group"] = group,
        ["version"] = version,
        ["kind"] = kind,
    };

    // Alphabetical, as the real server lists them. Group/Version/Kind are null when they are the parent's.
    private static IEnumerable<Subresource> Subresources(ResourceType type)
    {
        if (type.Group.Length == 0 && type.Kind == "Namespace")
        {
            // The namespace controller removes the "kubernetes" finalizer through this subresource.
            yield return new Subresource("finalize", null, null, null, NamespaceFinalizeVerbs);
        }

        if (type.HasScale)
        {
            yield return new Subresource("scale", "autoscaling", "v1", "Scale", ResourceType.SubresourceVerbs);
        }

        if (type.HasStatus)
        {
            yield return new Subresource("status", null, null, null, ResourceType.SubresourceVerbs);
        }
    }

    private sealed record Subresource(string Name, string? Group, string? Version, string? Kind, IReadOnlyList<string> Verbs);
}
