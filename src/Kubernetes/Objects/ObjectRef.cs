using System.Text.Json.Nodes;
using Fleet.Kubernetes.Json;

namespace Fleet.Kubernetes.Objects;

/// <summary>Identity of a Kubernetes object: apiVersion, kind, namespace (null when cluster-scoped) and name.</summary>
public sealed record ObjectRef(
    string ApiVersion,
    string Kind,
    string? Namespace,
    string Name)
{
    /// <summary>"apps/v1/Deployment": the key watches are kept by.</summary>
    public string ApiVersionKind => ObjectIdentity.JoinKind(ApiVersion, Kind);

    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}

/// <summary>Helpers to name objects and instances.</summary>
public static class ObjectIdentity
{
    public static ObjectRef Of(JsonObject obj) => new(
        obj["apiVersion"]?.GetValue<string>() ?? "",
        obj["kind"]?.GetValue<string>() ?? "",
        obj["metadata"]?["namespace"]?.GetValue<string>() is { Length: > 0 } ns ? ns : null,
        obj["metadata"]?["name"]?.GetValue<string>() ?? "");

    /// <summary>The identity of an object given as JSON text, read without building a document.</summary>
    public static ObjectRef Of(ReadOnlySpan<byte> json) => new(
        JsonScan.String(json, "apiVersion") ?? "",
        JsonScan.String(json, "kind") ?? "",
        JsonScan.String(json, "metadata", "namespace") is { Length: > 0 } ns ? ns : null,
        JsonScan.String(json, "metadata", "name") ?? "");

    public static string JoinKind(string apiVersion, string kind) => $"{apiVersion}/{kind}";

    public static (string ApiVersion, string Kind) SplitKind(string apiVersionKind)
    {
        var at = apiVersionKind.LastIndexOf('/');
        return (apiVersionKind[..at], apiVersionKind[(at + 1)..]);
    }
}
