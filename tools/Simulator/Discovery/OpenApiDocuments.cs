using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Discovery;

/// <summary>
/// The OpenAPI v3 documents kubectl downloads before <c>apply</c>, <c>diff</c> and <c>explain</c>: an index of
/// group-versions with content hashes, and one document per group-version.
/// </summary>
public static class OpenApiDocuments
{
    // Registries are immutable, so hashes computed for one stay valid for its lifetime.
    private static readonly ConditionalWeakTable<ResourceTypeRegistry, IReadOnlyList<(string Key, string Hash)>> Hashes = [];

    /// <summary>
    /// GET {prefix}/openapi/v3: <c>paths</c> keyed <c>api/v1</c>, <c>apis/apps/v1</c>, ..., each pointing at its
    /// document through a <c>serverRelativeURL</c> that carries the cluster's path prefix and a content hash.
    /// </summary>
    /// <param name="types">The cluster's served types.</param>
    /// <param name="pathPrefix">The cluster's path prefix, such as <c>/clusters/dev</c>; empty when served at the root.</param>
    public static JsonObject Index(ResourceTypeRegistry types, string pathPrefix)
    {
        var prefix = pathPrefix.TrimEnd('/');
        var paths = new JsonObject();
        foreach (var (key, hash) in Hashes.GetValue(types, ComputeHashes))
        {
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"{prefix}/openapi/v3/{key}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>
    /// GET {prefix}/openapi/v3/api/v1 or .../apis/{group}/{version}: the group-version's document;
    /// null when it is not served (404).
    /// </summary>
    /// <param name="types">The cluster's served types.</param>
    /// <param name="group">The group, <c>""</c> for the core group.</param>
    /// <param name="version">The version.</param>
    public static JsonObject? GroupVersion(ResourceTypeRegistry types, string group, string version)
    {
        var served = types.Types.Where(t => t.Group == group && t.Version == version).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var type in served)
        {
            OpenApiPaths.Add(paths, type);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = DiscoveryDocuments.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = OpenApiSchemas.For(served) },
        };
    }

    /// <summary>The index key of a group-version: <c>api/v1</c> or <c>apis/{group}/{version}</c>.</summary>
    /// <param name="group">The group, <c>""</c> for the core group.</param>
    /// <param name="version">The version.</param>
    public static string Key(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    /// <summary>The hex hash of a document's content, as used in <c>?hash=</c> (and usable as an ETag).</summary>
    /// <param name="document">The document.</param>
    public static string Hash(JsonNode document) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));

    private static IReadOnlyList<(string Key, string Hash)> ComputeHashes(ResourceTypeRegistry types) =>
        [.. types.Types
            .Select(t => (t.Group, t.Version))
            .Distinct()
            .Select(gv => (Key(gv.Group, gv.Version), Hash(GroupVersion(types, gv.Group, gv.Version)!)))];
}
