using Fleet.Engine.Projects;
using Fleet.Engine.Reconciliation;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Projects;
using Fleet.Kubernetes.Objects;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Reconciling;

/// <summary>
/// The project's say in a reconcile: before rendering, whether the project allows the repository; before anything
/// is applied, whether it allows every object on this cluster (<see cref="ProjectScope"/>). When it does not,
/// nothing of the revision is applied or pruned, and the status names each refused object and the rule it breaks.
/// </summary>
public sealed partial class ApplicationInstanceGrain
{
    // The rules of the instance's project, converted once per configuration.
    private (InstanceSpec Spec, ProjectRules Rules)? _rules;

    private async Task<ProjectRules> RulesAsync(InstanceSpec spec)
    {
        if (_rules is { } cached && ReferenceEquals(cached.Spec, spec))
        {
            return cached.Rules;
        }
        var name = spec.Source.ProjectOrDefault();
        // An instance configured before projects existed carries no rules, nor does one whose project is gone: ask
        // the project, and allow nothing when it does not exist.
        var project = spec.Project ?? (await GrainFactory.GetGrain<IProjectGrain>(name).GetAsync())?.Spec;
        var rules = project?.ToRules(name) ?? ProjectRules.Missing(name);
        _rules = (spec, rules);
        return rules;
    }

    // True when the project refuses the application's repository; the status then says so.
    private async Task<bool> RefusedSourceAsync(InstanceSpec spec, string commit)
    {
        if (ProjectScope.RepositoryViolation(await RulesAsync(spec), spec.Source.Repository) is not { } violation)
        {
            return false;
        }
        await RefuseAsync(commit, [violation]);
        return true;
    }

    // True when the project refuses any of the objects on this cluster; the status then names them.
    private async Task<bool> RefusedObjectsAsync(InstanceSpec spec, string commit, IEnumerable<ObjectRef> objects)
    {
        var violations = ProjectScope.Check(await RulesAsync(spec), Names.Cluster, _clusterLabels, objects);
        if (violations.Count == 0)
        {
            return false;
        }
        await RefuseAsync(commit, [.. violations.Select(v => v.ToString())]);
        return true;
    }

    private async Task RefuseAsync(string commit, IReadOnlyList<string> violations)
    {
        _settledOn = null;
        LogNotPermitted(logger, Names.Application, Names.Cluster, violations[0]);
        await PublishAsync(ReconcileResults.NotPermitted(state.State.Status, commit, violations, Now));
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Instance {Application}/{Cluster} applies nothing: its project does not allow {Violation}")]
    private static partial void LogNotPermitted(ILogger logger, string application, string cluster, string violation);
}
