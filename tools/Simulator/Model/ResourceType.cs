using System.Text.Json.Nodes;

namespace Fleet.Simulator.Model;

/// <summary>When a write bumps <c>metadata.generation</c>, as the real API server decides it per type.</summary>
public enum GenerationPolicy
{
    /// <summary>The type has no generation (ConfigMap, Secret, Service, ...).</summary>
    None,

    /// <summary>Bumped when <c>spec</c> changes (StatefulSet, ReplicaSet, DaemonSet, Job, ...).</summary>
    Spec,

    /// <summary>Bumped when <c>spec</c> or <c>metadata.annotations</c> change (Deployment).</summary>
    SpecAndAnnotations,

    /// <summary>Bumped by any change outside <c>metadata</c> and <c>status</c> (custom resources).</summary>
    AllButMetadata,
}

/// <summary>An extra column that <c>kubectl get</c> shows for a type (CRD additionalPrinterColumns).</summary>
/// <param name="Name">Column header.</param>
/// <param name="Type">OpenAPI type: string, integer, number, boolean, date.</param>
/// <param name="JsonPath">Simple JSONPath into the object, such as <c>.spec.replicas</c>.</param>
/// <param name="Priority">0 for the default view, 1 and above for <c>-o wide</c>.</param>
/// <param name="Description">Column description shown by OpenAPI-aware clients.</param>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string? Description = null);

/// <summary>
/// One served resource: a group/version/kind with its plural name and scope, as discovery describes it.
/// Built-in types come from <see cref="BuiltInTypes"/>; custom resources from established CRDs.
/// </summary>
public sealed record ResourceType
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public bool HasStatus { get; init; }
    public bool HasScale { get; init; }
    public GenerationPolicy Generation { get; init; }

    /// <summary>True for types served from a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }

    /// <summary>The CRD's <c>openAPIV3Schema</c> for this version; null for built-in types.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>Extra table columns (CRD additionalPrinterColumns); built-in tables are described in Tables/.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>JSONPath of the replica count in <c>spec</c> for the scale subresource (CRDs may name another).</summary>
    public string SpecReplicasPath { get; init; } = ".spec.replicas";

    /// <summary>JSONPath of the replica count in <c>status</c> for the scale subresource.</summary>
    public string StatusReplicasPath { get; init; } = ".status.replicas";

    /// <summary><c>apps/v1</c>, or <c>v1</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The name the server uses in messages: <c>deployments.apps</c>, or <c>pods</c> for the core group.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The kind qualified by group, as in Invalid messages: <c>Deployment.apps</c>, or <c>Pod</c>.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>The list kind, such as <c>DeploymentList</c>.</summary>
    public string ListKind => Kind + "List";

    /// <summary>The verbs every type here supports on its collection and items.</summary>
    public static IReadOnlyList<string> StandardVerbs { get; } =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The verbs of the status and scale subresources.</summary>
    public static IReadOnlyList<string> SubresourceVerbs { get; } = ["get", "patch", "update"];
}
