using System.Text.Json.Nodes;
using Fleet.Simulator.Http;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Storage;

/// <summary>
/// One object as a virtual cluster stores it: the serialized JSON (answered as-is to reads and watches) and the few
/// fields that listing and watching filter on. Immutable: every write stores a new instance.
/// </summary>
public sealed class StoredObject
{
    public required ResourceType Type { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required long ResourceVersion { get; init; }
    public required byte[] Json { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required bool Terminating { get; init; }

    /// <summary>A fresh, mutable copy of the object.</summary>
    public JsonObject ToNode() => JsonNode.Parse(Json)!.AsObject();

    internal static StoredObject From(ResourceType type, JsonObject node, long resourceVersion) => new()
    {
        Type = type,
        Namespace = ObjectMeta.Namespace(node) ?? "",
        Name = ObjectMeta.Name(node) ?? "",
        ResourceVersion = resourceVersion,
        Json = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString(JsonDefaults.Options)),
        Labels = ObjectMeta.Labels(node),
        Terminating = ObjectMeta.Get(node, "deletionTimestamp") is not null,
    };
}
