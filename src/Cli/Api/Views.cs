using Fleet.Engine.Status;

namespace Fleet.Cli.Api;

// The CLI's own reading of the API's JSON: only what its tables show. -o json and -o yaml print the server's documents
// unchanged, so fields added to the API later appear there without a CLI change. Enums travel as strings.

/// <summary>Instance counts by sync and health.</summary>
public sealed record Counts
{
    public int Total { get; init; }
    public int Synced { get; init; }
    public int OutOfSync { get; init; }
    public int SyncUnknown { get; init; }
    public int Healthy { get; init; }
    public int Suspended { get; init; }
    public int Progressing { get; init; }
    public int Missing { get; init; }
    public int Degraded { get; init; }
    public int Unknown { get; init; }
}

/// <summary>A condition: type, status, machine reason and a sentence.</summary>
public sealed record ConditionView
{
    public string Type { get; init; } = "";
    public string Status { get; init; } = "";
    public string Reason { get; init; } = "";
    public string Message { get; init; } = "";
    public DateTimeOffset LastTransitionTime { get; init; }

    /// <summary>Whether the condition reports a problem, by the same rule as the control plane (<see cref="ConditionTypes.IsProblem"/>).</summary>
    public bool IsProblem => ConditionTypes.IsProblem(Type, Status);
}

/// <summary>GET /api/v1/clusters/{name}.</summary>
public sealed record ClusterView
{
    public string Name { get; init; } = "";
    public string Mode { get; init; } = "Push";

    /// <summary>Only in the answer that registers an agent cluster.</summary>
    public string? BootstrapToken { get; init; }
    public string Server { get; init; } = "";
    public Dictionary<string, string> Labels { get; init; } = [];
    public string Connectivity { get; init; } = "";
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public string? ServerVersion { get; init; }
    public DateTimeOffset? LastProbe { get; init; }
    public Counts Instances { get; init; } = new();
}

/// <summary>GET /api/v1/repositories/{name}.</summary>
public sealed record RepositoryView
{
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public string Branch { get; init; } = "";
    public int PollIntervalSeconds { get; init; }
    public bool HasCredentials { get; init; }
    public string? Revision { get; init; }
    public DateTimeOffset? LastFetch { get; init; }
    public List<ConditionView> Conditions { get; init; } = [];
    public string Type { get; init; } = "git";
    public Dictionary<string, List<string>>? Charts { get; init; }
}

/// <summary>An application's targets.</summary>
public sealed record DestinationView
{
    public List<string> Clusters { get; init; } = [];
    public Dictionary<string, string>? MatchLabels { get; init; }
    public string Namespace { get; init; } = "default";
    public bool ControlPlane { get; init; }
}

/// <summary>An application's sync policy.</summary>
public sealed record SyncPolicyView
{
    public bool Automated { get; init; }
    public bool Prune { get; init; }
    public bool SelfHeal { get; init; }
}

/// <summary>An application's source, targets and policy.</summary>
public sealed record ApplicationSpecView
{
    public string Repository { get; init; } = "";
    public string? Revision { get; init; }
    public string Path { get; init; } = "";
    public string? Chart { get; init; }
    public DestinationView Destination { get; init; } = new();
    public SyncPolicyView SyncPolicy { get; init; } = new();
}

/// <summary>A rollback pin.</summary>
public sealed record PinView
{
    public string Revision { get; init; } = "";
    public string Reason { get; init; } = "";
    public string By { get; init; } = "";
    public DateTimeOffset Since { get; init; }
}

/// <summary>One sync of an instance.</summary>
public sealed record SyncRecordView
{
    public long Id { get; init; }
    public string Revision { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public string Result { get; init; } = "";
    public string InitiatedBy { get; init; } = "";
    public string? Message { get; init; }
    public int Applied { get; init; }
    public int Pruned { get; init; }
}

/// <summary>One object of an instance.</summary>
public sealed record ResourceView
{
    public string ApiVersion { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? Namespace { get; init; }
    public string Name { get; init; } = "";
    public string Sync { get; init; } = "";
    public string Health { get; init; } = "";
    public string? Message { get; init; }
    public List<string> Diff { get; init; } = [];
    public string? Reason { get; init; }

    /// <summary>kind/namespace/name, as people name objects.</summary>
    public string Identity => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}

/// <summary>An application on one cluster.</summary>
public sealed record InstanceView
{
    public string Application { get; init; } = "";
    public string Cluster { get; init; } = "";
    public string? Revision { get; init; }
    public string Sync { get; init; } = "";
    public string Health { get; init; } = "";
    public List<ConditionView> Conditions { get; init; } = [];
    public PinView? Pin { get; init; }
    public List<ResourceView> Resources { get; init; } = [];
    public List<SyncRecordView> History { get; init; } = [];
    public DateTimeOffset? LastReconciled { get; init; }

    /// <summary>Whether the instance is where it should be.</summary>
    public bool IsGood => Sync == "Synced" && Health == "Healthy";

    /// <summary>The first condition that reports a problem, if any: the "why" of a broken instance.</summary>
    public ConditionView? FirstProblem => Conditions.FirstOrDefault(c => c.IsProblem);
}

/// <summary>GET /api/v1/applications/{name}.</summary>
public sealed record ApplicationView
{
    public string Name { get; init; } = "";
    public ApplicationSpecView Spec { get; init; } = new();
    public List<InstanceView> Instances { get; init; } = [];
    public Counts Counts { get; init; } = new();
    public ControlPlaneView? ControlPlane { get; init; }
}

/// <summary>The status of an app of apps: the Fleet objects it writes.</summary>
public sealed record ControlPlaneView
{
    public string? Revision { get; init; }
    public string Sync { get; init; } = "";
    public string Health { get; init; } = "";
    public List<ConditionView> Conditions { get; init; } = [];
    public List<ControlPlaneResourceView> Resources { get; init; } = [];
}

/// <summary>One Fleet object of an app of apps.</summary>
public sealed record ControlPlaneResourceView
{
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public string Sync { get; init; } = "";
    public string Health { get; init; } = "";
    public string? Message { get; init; }
    public string? Source { get; init; }
}

/// <summary>Clusters by connectivity.</summary>
public sealed record ClusterTotals
{
    public int Total { get; init; }
    public int Connected { get; init; }
    public int Unreachable { get; init; }
}

/// <summary>GET /api/v1/fleet.</summary>
public sealed record FleetView
{
    public ClusterTotals Clusters { get; init; } = new();
    public Counts Instances { get; init; } = new();
    public DateTimeOffset AsOf { get; init; }
}

/// <summary>A row of GET /api/v1/instances: an instance's status and the first reason it is not OK.</summary>
public sealed record InstanceRowView
{
    public string Application { get; init; } = "";
    public string Cluster { get; init; } = "";
    public string Sync { get; init; } = "";
    public string Health { get; init; } = "";
    public string? Revision { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }

    /// <summary>Whether the instance is where it should be.</summary>
    public bool IsGood => Sync == "Synced" && Health == "Healthy";
}

/// <summary>One destination of a project: clusters by name glob or labels, and a namespace glob.</summary>
public sealed record ProjectDestinationView
{
    public string? Cluster { get; init; }
    public Dictionary<string, string>? MatchLabels { get; init; }
    public string Namespace { get; init; } = "";

    public override string ToString() =>
        $"{(MatchLabels is { Count: > 0 } labels ? Commands.Values.Join(labels) : Cluster ?? "*")}:{Namespace}";
}

/// <summary>An API group and kind of a project rule.</summary>
public sealed record GroupKindView
{
    public string Group { get; init; } = "";
    public string Kind { get; init; } = "";

    public override string ToString() => Group.Length == 0 ? Kind : $"{Group}/{Kind}";
}

/// <summary>A project's rules.</summary>
public sealed record ProjectSpecView
{
    public string? Description { get; init; }
    public List<string> SourceRepositories { get; init; } = [];
    public List<ProjectDestinationView> Destinations { get; init; } = [];
    public List<GroupKindView> ClusterResources { get; init; } = [];
    public List<GroupKindView> NamespaceResourcesDenied { get; init; } = [];
    public List<string> RemoteSources { get; init; } = [];
}

/// <summary>A project as GET /api/v1/projects shows it.</summary>
public sealed record ProjectView
{
    public string Name { get; init; } = "";
    public ProjectSpecView Spec { get; init; } = new();
    public List<string> Applications { get; init; } = [];
    public bool BuiltIn { get; init; }
}
