using System.Text.Json.Nodes;
using Fleet.Kubernetes.Json;
using Fleet.Kubernetes.Names;
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

    /// <summary>
    /// What is wrong with a rendered object's name and namespace by Kubernetes' rules, one message per broken rule
    /// naming the field; empty when both are valid. Fleet checks this before it sends anything: the name and
    /// namespace go into request paths, and a name such as "." or ".." would turn a request for one object into a
    /// list of the whole cluster, made with Fleet's credentials.
    /// </summary>
    public static IReadOnlyList<string> ValidateIdentity(ObjectRef rendered)
    {
        var errors = new List<string>();
        foreach (var message in NameRules.ValidateObjectName(rendered.ApiVersion, rendered.Kind, rendered.Name))
        {
            errors.Add($"metadata.name \"{rendered.Name}\": {message}");
        }
        if (!string.IsNullOrEmpty(rendered.Namespace))
        {
            foreach (var message in NameRules.ValidateNamespaceName(rendered.Namespace))
            {
                errors.Add($"metadata.namespace \"{rendered.Namespace}\": {message}");
            }
        }
        return errors;
    }

    /// <summary>
    /// Whether a kind the cluster does not serve yet is namespaced, as a CustomResourceDefinition of the same render
    /// says (its group, kind, a version and <c>spec.scope</c>); null when no CRD of the render defines it. The CRD
    /// is applied first in the same sync, so its custom resources are planned with the scope they will have.
    /// </summary>
    public static bool? ScopeFromDefinitions(IEnumerable<JsonObject> definitions, string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        foreach (var crd in definitions)
        {
            if (JsonScan.String(crd, "spec", "group") == group && JsonScan.String(crd, "spec", "names", "kind") == kind
                && crd["spec"]?["versions"] is JsonArray versions && versions.Any(v => JsonScan.String(v, "name") == version))
            {
                return JsonScan.String(crd, "spec", "scope") != "Cluster";
            }
        }
        return null;
    }

    /// <summary>The reference an object will have once prepared.</summary>
    public static ObjectRef RefOf(ObjectRef rendered, string? defaultNamespace, bool namespaced) =>
        rendered with { Namespace = namespaced ? (string.IsNullOrEmpty(rendered.Namespace) ? defaultNamespace ?? "default" : rendered.Namespace) : null };
}
