using System.Text.Json.Nodes;

namespace Fleet.Grains.Runtime;

/// <summary>Identity of a Kubernetes object: apiVersion, kind, namespace (null when cluster-scoped) and name.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ObjectRef")]
public sealed record ObjectRef(
    [property: Id(0)] string ApiVersion,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Namespace,
    [property: Id(3)] string Name)
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
        Kubernetes.JsonScan.String(json, "apiVersion") ?? "",
        Kubernetes.JsonScan.String(json, "kind") ?? "",
        Kubernetes.JsonScan.String(json, "metadata", "namespace") is { Length: > 0 } ns ? ns : null,
        Kubernetes.JsonScan.String(json, "metadata", "name") ?? "");

    public static string JoinKind(string apiVersion, string kind) => $"{apiVersion}/{kind}";

    public static (string ApiVersion, string Kind) SplitKind(string apiVersionKind)
    {
        var at = apiVersionKind.LastIndexOf('/');
        return (apiVersionKind[..at], apiVersionKind[(at + 1)..]);
    }
}

/// <summary>The key of an application instance grain: "application/cluster".</summary>
public static class InstanceKey
{
    public static string Of(string application, string cluster) => $"{application}/{cluster}";

    public static (string Application, string Cluster) Split(string key)
    {
        var at = key.IndexOf('/');
        return (key[..at], key[(at + 1)..]);
    }
}
