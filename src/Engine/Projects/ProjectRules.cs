using Fleet.Kubernetes.Selectors;

namespace Fleet.Engine.Projects;

/// <summary>
/// What a project lets its applications touch: the repositories they may deploy from, the clusters and namespaces
/// they may deploy to, the cluster-scoped kinds they may create, and the kinds they may not create in a namespace.
/// Names, namespaces, groups and kinds are globs (<see cref="Glob"/>).
/// </summary>
public sealed record ProjectRules
{
    /// <summary>The name of the built-in project every application without one belongs to.</summary>
    public const string DefaultName = "default";

    /// <summary>The project's name, for the messages that name a broken rule.</summary>
    public required string Name { get; init; }

    /// <summary>Globs of repository names (as registered with Fleet) the applications may deploy from.</summary>
    public IReadOnlyList<string> SourceRepositories { get; init; } = [];

    /// <summary>Where the applications may deploy; an object must land in one of them.</summary>
    public IReadOnlyList<ProjectDestination> Destinations { get; init; } = [];

    /// <summary>Cluster-scoped kinds the applications may create; none unless listed.</summary>
    public IReadOnlyList<KindPattern> ClusterResources { get; init; } = [];

    /// <summary>Namespaced kinds the applications may not create, in any namespace.</summary>
    public IReadOnlyList<KindPattern> NamespaceResourcesDenied { get; init; } = [];

    /// <summary>
    /// Globs of the remote references (Kustomize remote bases and <c>file://</c> URLs, as written in a kustomization)
    /// its applications may render; none unless listed, even in the built-in project: a remote base is content from
    /// outside the application's repository, fetched with the silo's network access.
    /// </summary>
    public IReadOnlyList<string> RemoteSources { get; init; } = [];

    /// <summary>The rules of the built-in project before an admin restricts it: everything is allowed.</summary>
    public static ProjectRules AllowEverything(string name) => new()
    {
        Name = name,
        SourceRepositories = ["*"],
        Destinations = [new ProjectDestination { Cluster = "*", Namespace = "*" }],
        ClusterResources = [new KindPattern("*", "*")],
    };

    /// <summary>
    /// The rules of a project that does not exist (deleted, or named by an application before it was made): nothing
    /// is allowed, so that a missing project never widens what an application may do.
    /// </summary>
    public static ProjectRules Missing(string name) => new() { Name = name };
}

/// <summary>
/// One place a project's applications may deploy to: clusters by name glob and/or label selector (a cluster must
/// match every part given), and a namespace glob.
/// </summary>
public sealed record ProjectDestination
{
    /// <summary>A glob of cluster names; any cluster when null.</summary>
    public string? Cluster { get; init; }

    /// <summary>Labels the cluster must carry; any cluster when null.</summary>
    public LabelSelector? Selector { get; init; }

    /// <summary>A glob of namespaces objects may land in.</summary>
    public required string Namespace { get; init; }

    /// <summary>Whether a cluster of this name and these labels is one this destination names.</summary>
    /// <param name="cluster">The cluster's name.</param>
    /// <param name="labels">Its labels; null when the cluster is not registered (a selector then does not match).</param>
    public bool Covers(string cluster, IReadOnlyDictionary<string, string>? labels) =>
        (Cluster is null || Glob.Matches(Cluster, cluster)) && (Selector is null || (labels is not null && Selector.Matches(labels)));

    /// <summary>The destination as the rule messages show it.</summary>
    public override string ToString()
    {
        var clusters = (Cluster, Selector) switch
        {
            (null, null) => "any cluster",
            (_, null) => $"cluster {Cluster}",
            (null, _) => "clusters by selector",
            _ => $"cluster {Cluster} by selector",
        };
        return $"{clusters}, namespace {Namespace}";
    }
}

/// <summary>A group and kind, each a glob; the core group is "".</summary>
/// <param name="Group">The API group ("" for the core group, "*" for any).</param>
/// <param name="Kind">The kind ("*" for any).</param>
public sealed record KindPattern(string Group, string Kind)
{
    /// <summary>Whether the pattern covers objects of <paramref name="apiVersion"/> and <paramref name="kind"/>.</summary>
    public bool Covers(string apiVersion, string kind) => Glob.Matches(Group, GroupOf(apiVersion)) && Glob.Matches(Kind, kind);

    /// <summary>The group of an apiVersion: "apps" of "apps/v1", "" of "v1".</summary>
    public static string GroupOf(string apiVersion) => apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public override string ToString() => Group.Length == 0 ? Kind : $"{Group}/{Kind}";
}
