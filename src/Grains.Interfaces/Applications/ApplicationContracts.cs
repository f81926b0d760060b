using System.Text.Json.Serialization;
using Fleet.Engine.Planning;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces.Serialization;

namespace Fleet.Grains.Interfaces.Applications;

/// <summary>Which clusters an application targets: names, a label selector, or both.</summary>
[GenerateSerializer, Immutable, Alias("fleet.Destination")]
public sealed record Destination
{
    [Id(0)] public IReadOnlyList<string> Clusters { get; init; } = [];

    /// <summary>Labels a selected cluster carries with exactly these values; part of the selector.</summary>
    [Id(1)] public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }

    /// <summary>Namespace for namespaced objects that name none.</summary>
    [Id(2)] public string Namespace { get; init; } = "default";

    /// <summary>
    /// Requirements (In, NotIn, Exists, DoesNotExist) a selected cluster's labels all satisfy; part of the selector. The
    /// application selects by label when this or <see cref="MatchLabels"/> is set (an empty selector selects every cluster).
    /// </summary>
    [Id(3)] public IReadOnlyList<LabelRequirement>? MatchExpressions { get; init; }

    /// <summary>Create <see cref="Namespace"/> before the first object, as Argo CD's CreateNamespace=true does. Fleet never deletes it.</summary>
    [Id(4)] public bool CreateNamespace { get; init; }

    /// <summary>Labels and annotations of the namespace Fleet creates (with <see cref="CreateNamespace"/>).</summary>
    [Id(5)] public NamespaceMetadata? NamespaceMetadata { get; init; }

    /// <summary>
    /// The destination is Fleet itself (an app of apps): the path's <c>fleet.dev/v1</c> documents are applied to the
    /// control plane, not to clusters; <see cref="Clusters"/> and the selector are then empty.
    /// </summary>
    [Id(6)] public bool ControlPlane { get; init; }
}

/// <summary>Labels and annotations for a namespace Fleet creates.</summary>
[GenerateSerializer, Immutable, Alias("fleet.NamespaceMetadata")]
public sealed record NamespaceMetadata
{
    [Id(0)] public IReadOnlyDictionary<string, string>? Labels { get; init; }
    [Id(1)] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary>An application: a source (repository, revision, path), its targets and its sync policy.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ApplicationSpec")]
public sealed record ApplicationSpec
{
    [Id(0)] public required string Repository { get; init; }

    /// <summary>Branch, tag or commit SHA; null follows the repository's branch.</summary>
    [Id(1)] public string? Revision { get; init; }

    [Id(2)] public required string Path { get; init; }
    [Id(3)] public Destination Destination { get; init; } = new();
    [Id(4)] public SyncPolicy SyncPolicy { get; init; } = new();

    /// <summary>Fields of some objects Fleet leaves to the cluster: neither applied, compared nor reverted.</summary>
    [Id(5)] public IReadOnlyList<IgnoreDifference> IgnoreDifferences { get; init; } = [];

    /// <summary>How the chart at <see cref="Path"/> is rendered; null renders a chart with its own values.</summary>
    [Id(6)] public HelmSettings? Helm { get; init; }

    /// <summary>The project whose rules bound what the application may touch; null (stored before projects) is <c>default</c>.</summary>
    [Id(7)] public string? Project { get; init; }

    /// <summary>
    /// The chart, for an application on a Helm repository (<see cref="Revision"/> is then its version or a constraint,
    /// and <see cref="Path"/> is unused); null for a Git repository.
    /// </summary>
    [Id(8)] public string? Chart { get; init; }

    /// <summary>The project's name, <c>default</c> when none is named. A method, so that JSON answers show the spec as stored.</summary>
    public string ProjectOrDefault() => Project ?? Engine.Projects.ProjectRules.DefaultName;
}

/// <summary>How an application's chart is rendered by <c>helm template</c>.</summary>
[GenerateSerializer, Immutable, Alias("fleet.HelmSettings")]
public sealed record HelmSettings
{
    /// <summary>The release name; null uses the application's name.</summary>
    [Id(0)] public string? ReleaseName { get; init; }

    /// <summary>
    /// Value files in the repository, relative to the chart directory, lowest precedence first. They may use
    /// <c>{{cluster.name}}</c> and <c>{{cluster.labels.KEY}}</c> (<c>values-{{cluster.labels.env}}.yaml</c>).
    /// </summary>
    [Id(1)] public IReadOnlyList<string> ValueFiles { get; init; } = [];

    /// <summary>
    /// Inline values as the text of a JSON object, applied after the value files; cluster variables in it are
    /// substituted. The API shows it as the object itself.
    /// </summary>
    [Id(2), JsonConverter(typeof(RawJsonConverter))] public string? Values { get; init; }
}

/// <summary>An application on one cluster, as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.InstanceView")]
public sealed record InstanceView
{
    [Id(0)] public required string Application { get; init; }
    [Id(1)] public required string Cluster { get; init; }
    [Id(2)] public string? Revision { get; init; }
    [Id(3)] public SyncStatus Sync { get; init; }
    [Id(4)] public HealthStatus Health { get; init; }
    [Id(5)] public IReadOnlyList<Condition> Conditions { get; init; } = [];
    [Id(6)] public Pin? Pin { get; init; }
    [Id(7)] public IReadOnlyList<ResourceStatus> Resources { get; init; } = [];
    [Id(8)] public IReadOnlyList<SyncRecord> History { get; init; } = [];
    [Id(9)] public DateTimeOffset? LastReconciled { get; init; }
}

/// <summary>An application as the API shows it: its spec, its instances and their roll-up.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ApplicationView")]
public sealed record ApplicationView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ApplicationSpec Spec { get; init; }
    [Id(2)] public IReadOnlyList<InstanceView> Instances { get; init; } = [];
    [Id(3)] public InstanceCounts Counts { get; init; } = new();

    /// <summary>For an app of apps (a control-plane destination): the status of its Fleet objects; it has no instances.</summary>
    [Id(4)] public ControlPlane.ControlPlaneStatus? ControlPlane { get; init; }
}

/// <summary>What an instance needs to know from its application.</summary>
[GenerateSerializer, Immutable, Alias("fleet.InstanceSpec")]
public sealed record InstanceSpec
{
    [Id(0)] public required string Application { get; init; }
    [Id(1)] public required string Cluster { get; init; }
    [Id(2)] public required ApplicationSpec Source { get; init; }

    /// <summary>The rules of the application's project as they were when the instance was configured; null when the project does not exist.</summary>
    [Id(3)] public Projects.ProjectSpec? Project { get; init; }
}
