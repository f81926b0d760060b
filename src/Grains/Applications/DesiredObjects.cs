using System.Text.Json.Nodes;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Runtime;

namespace Fleet.Grains.Applications;

/// <summary>
/// Turns rendered manifests into the objects Fleet applies: the destination namespace filled in for namespaced
/// kinds that name none, and Fleet's tracking labels added so that watches and prune find only Fleet's objects.
/// </summary>
public static class DesiredObjects
{
    public static JsonObject Prepare(Manifest manifest, string application, string? defaultNamespace, bool namespaced)
    {
        var obj = JsonNode.Parse(manifest.Json)!.AsObject();
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        if (namespaced && string.IsNullOrEmpty(metadata["namespace"]?.GetValue<string>()))
        {
            metadata["namespace"] = defaultNamespace ?? "default";
        }
        if (!namespaced)
        {
            metadata.Remove("namespace");
        }
        var labels = metadata["labels"] as JsonObject ?? [];
        labels[FleetLabels.ManagedBy] = FleetLabels.ManagedByValue;
        labels[FleetLabels.Application] = application;
        metadata["labels"] = labels;
        return obj;
    }

    /// <summary>The reference an object will have once prepared.</summary>
    public static ObjectRef RefOf(Manifest manifest, string? defaultNamespace, bool namespaced) =>
        new(manifest.ApiVersion, manifest.Kind, namespaced ? (string.IsNullOrEmpty(manifest.Namespace) ? defaultNamespace ?? "default" : manifest.Namespace) : null, manifest.Name);
}
