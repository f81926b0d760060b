using System.Text.Json.Nodes;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Json;
using Fleet.Kubernetes.Objects;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>Checks the object a request names before Fleet sends it: identity present, namespace where the kind needs one.</summary>
internal static class RequestTargets
{
    /// <summary>Reads the identity fields, with a clear error naming the missing one.</summary>
    public static ObjectRef FromManifest(JsonObject manifest)
    {
        var apiVersion = JsonScan.String(manifest, "apiVersion");
        var kind = JsonScan.String(manifest, "kind");
        var name = JsonScan.String(manifest, "metadata", "name");
        var ns = JsonScan.String(manifest, "metadata", "namespace");
        var described = $"{kind ?? "(no kind)"} \"{name ?? "(no name)"}\"";
        if (string.IsNullOrEmpty(apiVersion))
        {
            throw Missing(described, "apiVersion");
        }
        if (string.IsNullOrEmpty(kind))
        {
            throw Missing(described, "kind");
        }
        if (string.IsNullOrEmpty(name))
        {
            throw Missing(described, "metadata.name");
        }
        return new ObjectRef(apiVersion, kind, string.IsNullOrEmpty(ns) ? null : ns, name);
    }

    /// <summary>
    /// The namespace to use in the URL: required for namespaced kinds (Fleet never defaults it), null for
    /// cluster-scoped ones.
    /// </summary>
    public static string? RequireNamespace(ResourceMapping mapping, string? ns, string name)
    {
        if (!mapping.Namespaced)
        {
            return null;
        }
        return string.IsNullOrEmpty(ns)
            ? throw new KubernetesApiException(400, "BadRequest",
                $"{mapping.Kind} \"{name}\" ({mapping.ApiVersion}) is namespaced but no namespace was given: " +
                "set metadata.namespace (Fleet never picks a default namespace).")
            : ns;
    }

    /// <summary>
    /// Checks that the answer to a request for one object is that object: the kind and name asked for (and the
    /// namespace, for namespaced kinds). Anything else, a list above all, must not be taken for the live object.
    /// </summary>
    public static JsonObject RequireAnswerFor(JsonObject answer, ResourceMapping mapping, string? ns, string name, string operation)
    {
        var kind = JsonScan.String(answer, "kind");
        var answeredName = JsonScan.String(answer, "metadata", "name");
        var answeredNamespace = JsonScan.String(answer, "metadata", "namespace");
        var sameNamespace = !mapping.Namespaced || string.Equals(answeredNamespace, ns, StringComparison.Ordinal);
        if (kind == mapping.Kind && answeredName == name && sameNamespace)
        {
            return answer;
        }
        var answered = answeredNamespace is { Length: > 0 }
            ? $"{kind ?? "(no kind)"} \"{answeredName ?? "(no name)"}\" in namespace \"{answeredNamespace}\""
            : $"{kind ?? "(no kind)"} \"{answeredName ?? "(no name)"}\"";
        throw new KubernetesApiException(502, Reasons.UnexpectedAnswer,
            $"The API server answered the {operation} with {answered}, not the object asked for; Fleet does not use the answer.");
    }

    /// <summary><c>Deployment "web" in namespace "shop"</c>, or <c>Namespace "shop"</c> for cluster-scoped kinds.</summary>
    public static string Describe(ResourceMapping mapping, string? ns, string name) =>
        ns is null ? $"{mapping.Kind} \"{name}\"" : $"{mapping.Kind} \"{name}\" in namespace \"{ns}\"";

    private static KubernetesApiException Missing(string described, string field) =>
        new(400, "BadRequest", $"The manifest {described} has no {field}: every manifest needs apiVersion, kind and metadata.name.");
}
