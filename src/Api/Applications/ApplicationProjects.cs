using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Engine.Projects;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces.Projects;
using Fleet.Grains.Interfaces;
using Fleet.Kubernetes.Selectors;

namespace Fleet.Api.Applications;

/// <summary>
/// Whether an application being defined stays inside its project: the project exists (and the caller may use it),
/// the repository is one of its sourceRepositories, and every cluster it targets now, with its namespace, is one of
/// its destinations. Instances check again at every reconcile (clusters come and go, projects change); this check
/// makes the usual mistake a 400 instead of a condition found later.
/// </summary>
internal static class ApplicationProjects
{
    public static async Task CheckAsync(RequestValidation validation, IGrainFactory grains, ProjectAccess access, string project,
        string repository, DestinationRequest destination, IReadOnlyList<LabelRequirement>? matchExpressions)
    {
        // A project the caller may not use is as unknown to it as one that does not exist.
        if (!access.Allows(project) || await grains.GetGrain<IProjectGrain>(project).GetAsync() is not { } view)
        {
            validation.Add("project", $"no project named \"{project}\" exists");
            return;
        }
        var rules = view.Spec.ToRules(project);
        if (ProjectScope.RepositoryViolation(rules, repository) is { } refusedRepository)
        {
            validation.Add("repository", refusedRepository);
        }
        var ns = destination.Namespace ?? "default";
        if (!rules.Destinations.Any(d => Glob.Matches(d.Namespace, ns)))
        {
            validation.Add("destination.namespace", $"namespace \"{ns}\" is not in project {project}'s destinations ({string.Join("; ", rules.Destinations)})");
            return;
        }
        var clusters = await grains.FleetDirectory().GetClustersAsync();
        foreach (var (cluster, i) in (destination.Clusters ?? []).Select((c, i) => (c, i)))
        {
            if (ProjectScope.DestinationViolation(rules, cluster, clusters.GetValueOrDefault(cluster), ns) is { } refused)
            {
                validation.Add($"destination.clusters[{i}]", refused);
            }
        }
        if (destination.Selector is { } requested && (requested.MatchLabels is not null || matchExpressions is not null))
        {
            var selector = new LabelSelector(requested.MatchLabels ?? new Dictionary<string, string>(), LabelRequirements.ToSelector(matchExpressions ?? []));
            foreach (var (cluster, labels) in clusters.Where(c => selector.Matches(c.Value)).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (ProjectScope.DestinationViolation(rules, cluster, labels, ns) is { } refused)
                {
                    validation.Add("destination.selector", refused);
                }
            }
        }
    }
}
