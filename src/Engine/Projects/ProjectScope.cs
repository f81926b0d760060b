using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Projects;

/// <summary>An object a project does not allow, and the rule it breaks, in a sentence.</summary>
/// <param name="Object">The object as Fleet would apply it (namespace filled in, null when cluster-scoped).</param>
/// <param name="Rule">Which rule of which project refuses it.</param>
public sealed record ScopeViolation(ObjectRef Object, string Rule)
{
    public override string ToString() => $"{Object} ({Rule})";
}

/// <summary>
/// Whether an application stays inside its project: its repository, its destinations, and every object it renders.
/// Pure: the API asks it when an application is defined, the instance before it applies anything. An object is
/// allowed when the cluster is one of the project's destinations and
/// <list type="bullet">
/// <item>a namespaced object lands in a namespace a destination of that cluster allows and is not of a denied kind;</item>
/// <item>a cluster-scoped object is of a kind <see cref="ProjectRules.ClusterResources"/> lists (and a Namespace is
/// also one the destinations allow, so that a project cannot take over another team's namespace by creating it).</item>
/// </list>
/// </summary>
public static class ProjectScope
{
    /// <summary>Why the project refuses <paramref name="repository"/>, or null when it allows it.</summary>
    public static string? RepositoryViolation(ProjectRules project, string repository)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Glob.MatchesAny(project.SourceRepositories, repository) ? null
            : $"repository \"{repository}\" is not in project {project.Name}'s sourceRepositories ({List(project.SourceRepositories)})";
    }

    /// <summary>
    /// Why the project refuses to deploy into <paramref name="namespace"/> on <paramref name="cluster"/>, or null when a
    /// destination allows it.
    /// </summary>
    /// <param name="project">The project's rules.</param>
    /// <param name="cluster">The cluster's name.</param>
    /// <param name="labels">The cluster's labels; null when it is not registered (selector destinations then do not match).</param>
    /// <param name="namespace">The namespace.</param>
    public static string? DestinationViolation(ProjectRules project, string cluster, IReadOnlyDictionary<string, string>? labels, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(project);
        var destinations = project.Destinations.Where(d => d.Covers(cluster, labels)).ToList();
        if (destinations.Count == 0)
        {
            return ClusterViolation(project, cluster);
        }
        return destinations.Any(d => Glob.Matches(d.Namespace, @namespace)) ? null
            : $"namespace \"{@namespace}\" on cluster \"{cluster}\" is not in project {project.Name}'s destinations ({string.Join("; ", destinations)})";
    }

    /// <summary>
    /// The objects the project does not allow on <paramref name="cluster"/>, each with the rule it breaks, in the
    /// order given; empty when every object is allowed.
    /// </summary>
    /// <param name="project">The project's rules.</param>
    /// <param name="cluster">The cluster the objects are for.</param>
    /// <param name="labels">The cluster's labels.</param>
    /// <param name="objects">The objects as Fleet would apply them: namespace filled in, null for cluster-scoped kinds.</param>
    public static IReadOnlyList<ScopeViolation> Check(ProjectRules project, string cluster, IReadOnlyDictionary<string, string> labels, IEnumerable<ObjectRef> objects)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(objects);
        var violations = new List<ScopeViolation>();
        var clusterAllowed = project.Destinations.Any(d => d.Covers(cluster, labels));
        foreach (var reference in objects)
        {
            var rule = clusterAllowed ? ObjectViolation(project, cluster, labels, reference) : ClusterViolation(project, cluster);
            if (rule is not null)
            {
                violations.Add(new ScopeViolation(reference, rule));
            }
        }
        return violations;
    }

    private static string? ObjectViolation(ProjectRules project, string cluster, IReadOnlyDictionary<string, string> labels, ObjectRef reference)
    {
        var kind = new KindPattern(KindPattern.GroupOf(reference.ApiVersion), reference.Kind);
        if (reference.Namespace is null)
        {
            if (!project.ClusterResources.Any(k => k.Covers(reference.ApiVersion, reference.Kind)))
            {
                return $"cluster-scoped kind {kind} is not in project {project.Name}'s clusterResources";
            }
            return kind is { Group: "", Kind: "Namespace" } ? DestinationViolation(project, cluster, labels, reference.Name) : null;
        }
        if (project.NamespaceResourcesDenied.FirstOrDefault(k => k.Covers(reference.ApiVersion, reference.Kind)) is { } denied)
        {
            return $"kind {kind} is in project {project.Name}'s namespaceResourcesDenied ({denied})";
        }
        return DestinationViolation(project, cluster, labels, reference.Namespace);
    }

    private static string ClusterViolation(ProjectRules project, string cluster) =>
        $"cluster \"{cluster}\" is not a destination of project {project.Name}" +
        (project.Destinations.Count == 0 ? " (it has none)" : $" ({string.Join("; ", project.Destinations)})");

    private static string List(IReadOnlyList<string> patterns) => patterns.Count == 0 ? "none" : string.Join(", ", patterns);
}
