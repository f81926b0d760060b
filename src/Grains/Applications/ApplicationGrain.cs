using Fleet.Engine.Status;
using Fleet.Grains.FleetView;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.ControlPlane;
using Fleet.Grains.Interfaces.Projects;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Runtime;
using Fleet.Grains.Targeting;

namespace Fleet.Grains.Applications;

/// <summary>Persisted state of an application.</summary>
[GenerateSerializer]
public sealed class ApplicationState
{
    [Id(0)] public ApplicationSpec? Spec { get; set; }
    [Id(1)] public SortedSet<string> Targets { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// An application: resolves its targets (named clusters plus those whose labels match), configures an instance per
/// target, retires instances whose cluster left (pruning when the policy says so), and relays revisions and
/// operator actions. Its roll-up of instance status lives in memory; instances report changes as they happen.
/// </summary>
public sealed class ApplicationGrain(
    [PersistentState("application", "fleet")] IPersistentState<ApplicationState> state) : Grain, IApplicationGrain
{
    private readonly Dictionary<string, (SyncStatus Sync, HealthStatus Health)> _statuses = new(StringComparer.Ordinal);

    private string Name => this.GetPrimaryKeyString();

    public async Task<ApplicationView> PutAsync(ApplicationSpec spec)
    {
        var previous = state.State.Spec;
        state.State.Spec = spec;
        await state.WriteStateAsync();
        if (previous is not null && previous.Repository != spec.Repository)
        {
            await GrainFactory.GetGrain<IRepositoryGrain>(previous.Repository).UnsubscribeAsync(Name);
        }
        if (previous is not null && previous.ProjectOrDefault() != spec.ProjectOrDefault())
        {
            await ProjectOf(previous).DetachAsync(Name);
        }
        await GrainFactory.GetGrain<IRepositoryGrain>(spec.Repository).SubscribeAsync(Name);
        await GrainFactory.FleetDirectory().SetApplicationAsync(Name, spec);
        await ResolveTargetsAsync(reconfigureAll: true);
        // An app of apps has no clusters (its destination resolves to none): its control-plane grain does the work.
        if (spec.Destination.ControlPlane)
        {
            await ControlPlane.ConfigureAsync(spec);
        }
        else if (previous?.Destination.ControlPlane == true)
        {
            await ControlPlane.RetireAsync(prune: spec.SyncPolicy.Prune);
        }
        return (await GetAsync())!;
    }

    public async Task<ApplicationView?> GetAsync()
    {
        if (state.State.Spec is not { } spec)
        {
            return null;
        }
        var instances = await Task.WhenAll(state.State.Targets.Select(c => Instance(c).GetAsync()));
        var views = instances.OfType<InstanceView>().ToList();
        return new ApplicationView
        {
            Name = Name,
            Spec = spec,
            Instances = views,
            Counts = InstanceCountsMath.Sum(views.Select(v => InstanceCountsMath.Of(v.Sync, v.Health))),
            ControlPlane = spec.Destination.ControlPlane ? await ControlPlane.GetAsync() : null,
        };
    }

    public async Task<bool> DeleteAsync(bool cascade)
    {
        if (state.State.Spec is not { } spec)
        {
            return false;
        }
        await Task.WhenAll(state.State.Targets.Select(c => Instance(c).RetireAsync(prune: cascade)));
        if (spec.Destination.ControlPlane)
        {
            await ControlPlane.RetireAsync(prune: cascade);
        }
        await GrainFactory.GetGrain<IRepositoryGrain>(spec.Repository).UnsubscribeAsync(Name);
        await ProjectOf(spec).DetachAsync(Name);
        await GrainFactory.FleetDirectory().RemoveApplicationAsync(Name);
        await state.ClearStateAsync();
        state.State = new ApplicationState();
        _statuses.Clear();
        DeactivateOnIdle();
        return true;
    }

    public Task SyncAsync(string initiatedBy, bool prune) => state.State.Spec?.Destination.ControlPlane == true
        ? ControlPlane.ReconcileAsync(force: true)
        : ForEachInstance(i => i.SyncAsync(initiatedBy, prune));

    public Task RollbackAsync(string commit, string initiatedBy, bool prune) => ForEachInstance(i => i.RollbackAsync(commit, initiatedBy, prune));

    public Task UnpinAsync(string initiatedBy) => ForEachInstance(i => i.UnpinAsync(initiatedBy));

    public Task OnRevisionAsync(string commit) => state.State.Spec?.Destination.ControlPlane == true
        ? ControlPlane.OnRevisionAsync()
        : ForEachInstance(i => i.OnRevisionAsync());

    public Task OnClustersChangedAsync() => state.State.Spec is null ? Task.CompletedTask : ResolveTargetsAsync(reconfigureAll: false);

    public Task OnProjectChangedAsync() => state.State.Spec is null ? Task.CompletedTask : ResolveTargetsAsync(reconfigureAll: true);

    public Task ReportInstanceAsync(string cluster, SyncStatus sync, HealthStatus health)
    {
        if (state.State.Targets.Contains(cluster))
        {
            _statuses[cluster] = (sync, health);
        }
        return Task.CompletedTask;
    }

    private async Task ResolveTargetsAsync(bool reconfigureAll)
    {
        var spec = state.State.Spec!;
        // Attaching on every resolve also enrols applications stored before projects existed; the instances carry
        // the rules, so that a reconcile checks them without a call.
        var project = await ProjectOf(spec).AttachAsync(Name);
        var clusters = await GrainFactory.FleetDirectory().GetClustersAsync();
        var targets = Targets.Resolve(spec.Destination, clusters);
        var added = targets.Where(t => !state.State.Targets.Contains(t)).ToList();
        var removed = state.State.Targets.Where(t => !targets.Contains(t)).ToList();
        if (added.Count > 0 || removed.Count > 0)
        {
            state.State.Targets = new SortedSet<string>(targets, StringComparer.Ordinal);
            await state.WriteStateAsync();
        }
        var configure = reconfigureAll ? targets : added;
        await Task.WhenAll(configure.Select(c => Instance(c).ConfigureAsync(new InstanceSpec { Application = Name, Cluster = c, Source = spec, Project = project })));
        await Task.WhenAll(removed.Select(c => Instance(c).RetireAsync(prune: spec.SyncPolicy.Prune)));
        foreach (var cluster in removed)
        {
            _statuses.Remove(cluster);
            await GrainFactory.GetGrain<IClusterGrain>(cluster).ForgetInstanceAsync(Name);
        }
    }

    private Task ForEachInstance(Func<IApplicationInstanceGrain, Task> action) =>
        Task.WhenAll(state.State.Targets.Select(c => action(Instance(c))));

    private IControlPlaneApplicationGrain ControlPlane => GrainFactory.GetGrain<IControlPlaneApplicationGrain>(Name);

    private IProjectGrain ProjectOf(ApplicationSpec spec) => GrainFactory.GetGrain<IProjectGrain>(spec.ProjectOrDefault());

    private IApplicationInstanceGrain Instance(string cluster) =>
        GrainFactory.GetGrain<IApplicationInstanceGrain>(InstanceKey.Of(Name, cluster));
}
