using System.Text.Json.Nodes;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Planning;

/// <summary>
/// Turns rendered manifests into the objects Fleet applies: the destination namespace filled in for namespaced
/// kinds that name none, and Fleet's tracking labels added so that watches and prune find only Fleet's objects.
/// </summary>
public static class DesiredObjects
{
    public static JsonObject Prepare(string manifestJson, string application, string? defaultNamespace, bool namespaced)
    {
        var obj = JsonNode.Parse(manifestJson)!.AsObject();
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

    /// <summary>
    /// The destination namespace Fleet creates before anything else when an application asks for it
    /// (<c>destination.createNamespace</c>), with the labels and annotations asked for. Fleet never deletes it: a
    /// namespace holds more than one application's objects, and deleting it deletes them all.
    /// </summary>
    public static JsonObject ManagedNamespace(string name, string application, IReadOnlyDictionary<string, string>? labels,
        IReadOnlyDictionary<string, string>? annotations)
    {
        var annotationsObject = new JsonObject { [SyncOptions.Annotation] = "Prune=false" };
        foreach (var (key, value) in annotations ?? new Dictionary<string, string>())
        {
            annotationsObject[key] = value;
        }
        var labelsObject = new JsonObject();
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            labelsObject[key] = value;
        }
        labelsObject[FleetLabels.ManagedBy] = FleetLabels.ManagedByValue;
        labelsObject[FleetLabels.Application] = application;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labelsObject, ["annotations"] = annotationsObject },
        };
    }

    /// <summary>The reference an object will have once prepared.</summary>
    public static ObjectRef RefOf(ObjectRef rendered, string? defaultNamespace, bool namespaced) =>
        rendered with { Namespace = namespaced ? (string.IsNullOrEmpty(rendered.Namespace) ? defaultNamespace ?? "default" : rendered.Namespace) : null };
}
