using Fleet.Engine.Projects;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Kubernetes.Selectors;

namespace Fleet.Grains.Interfaces.Projects;

/// <summary>
/// A project: which repositories its applications may deploy from, where to, which cluster-scoped kinds they may
/// create and which kinds they may not create in namespaces. The rules themselves are the engine's
/// (<see cref="ProjectRules"/>); this is their stored and wire form.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.ProjectSpec")]
public sealed record ProjectSpec
{
    [Id(0)] public string? Description { get; init; }

    /// <summary>Globs of repository names.</summary>
    [Id(1)] public IReadOnlyList<string> SourceRepositories { get; init; } = [];

    [Id(2)] public IReadOnlyList<ProjectDestinationSpec> Destinations { get; init; } = [];

    /// <summary>Cluster-scoped kinds allowed (none unless listed).</summary>
    [Id(3)] public IReadOnlyList<GroupKind> ClusterResources { get; init; } = [];

    /// <summary>Namespaced kinds refused.</summary>
    [Id(4)] public IReadOnlyList<GroupKind> NamespaceResourcesDenied { get; init; } = [];

    /// <summary>Globs of remote Kustomize references its applications may render (none unless listed).</summary>
    [Id(5)] public IReadOnlyList<string> RemoteSources { get; init; } = [];

    /// <summary>The built-in project <c>default</c> until an admin restricts it: everything is allowed.</summary>
    public static ProjectSpec BuiltInDefault { get; } = new()
    {
        Description = "Built in: applications that name no project. Allows everything until an admin restricts it.",
        SourceRepositories = ["*"],
        Destinations = [new ProjectDestinationSpec { Cluster = "*", Namespace = "*" }],
        ClusterResources = [new GroupKind { Group = "*", Kind = "*" }],
    };

    /// <summary>The engine's rules of this project.</summary>
    public ProjectRules ToRules(string name) => new()
    {
        Name = name,
        SourceRepositories = SourceRepositories,
        Destinations = [.. Destinations.Select(d => d.ToRule())],
        ClusterResources = [.. ClusterResources.Select(k => k.ToPattern())],
        NamespaceResourcesDenied = [.. NamespaceResourcesDenied.Select(k => k.ToPattern())],
        RemoteSources = RemoteSources,
    };
}

/// <summary>One destination of a project: a cluster name glob and/or a label selector, and a namespace glob.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ProjectDestinationSpec")]
public sealed record ProjectDestinationSpec
{
    [Id(0)] public string? Cluster { get; init; }
    [Id(1)] public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }
    [Id(2)] public IReadOnlyList<LabelRequirement>? MatchExpressions { get; init; }
    [Id(3)] public required string Namespace { get; init; }

    /// <summary>The engine's form of this destination.</summary>
    public ProjectDestination ToRule() => new()
    {
        Cluster = Cluster,
        Selector = MatchLabels is null && MatchExpressions is null ? null
            : new LabelSelector(MatchLabels ?? new Dictionary<string, string>(), LabelRequirements.ToSelector(MatchExpressions ?? [])),
        Namespace = Namespace,
    };
}

/// <summary>An API group and kind, each a glob ("" is the core group).</summary>
[GenerateSerializer, Immutable, Alias("fleet.GroupKind")]
public sealed record GroupKind
{
    [Id(0)] public string Group { get; init; } = "";
    [Id(1)] public required string Kind { get; init; }

    /// <summary>The engine's form.</summary>
    public KindPattern ToPattern() => new(Group, Kind);
}

/// <summary>A project as the API shows it: its spec and the applications in it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ProjectView")]
public sealed record ProjectView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ProjectSpec Spec { get; init; }

    /// <summary>The applications that name this project, by name.</summary>
    [Id(2)] public IReadOnlyList<string> Applications { get; init; } = [];

    /// <summary>True for <c>default</c>, which exists without being made and cannot be deleted.</summary>
    [Id(3)] public bool BuiltIn { get; init; }
}

/// <summary>How a request to delete a project ended.</summary>
public enum ProjectDeletion
{
    Deleted,
    NotFound,

    /// <summary>Applications still name it.</summary>
    InUse,

    /// <summary>The built-in project <c>default</c> cannot be deleted.</summary>
    BuiltIn,
}

/// <summary>
/// One project (key: its name). Keeps its rules and the applications that name it, so that deleting a project in
/// use is refused and a change of the rules reaches its applications at once. The project <c>default</c> exists
/// without being made.
/// </summary>
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the rules; the project's applications re-check their instances at once.</summary>
    Task<ProjectView> PutAsync(ProjectSpec spec);

    /// <summary>The project, or null when it does not exist.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ProjectView?> GetAsync();

    /// <summary>Deletes the project unless it is built in or applications name it.</summary>
    Task<ProjectDeletion> DeleteAsync();

    /// <summary>
    /// Records that <paramref name="application"/> names this project and returns the project's rules, or null when
    /// the project does not exist (the application is then allowed nothing until it is made).
    /// </summary>
    Task<ProjectSpec?> AttachAsync(string application);

    /// <summary><paramref name="application"/> no longer names this project (deleted, or moved to another).</summary>
    Task DetachAsync(string application);
}
