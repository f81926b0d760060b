using System.Text.Json.Nodes;
using Fleet.Engine.Live;
using Fleet.Engine.Planning;
using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Grains.Applying;
using Fleet.Grains.FleetView;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Runtime;
using Fleet.Grains.Scheduling;
using Fleet.Kubernetes.Json;
using Fleet.Kubernetes.Objects;
using Fleet.Reconciler.Kubernetes;
using Fleet.Reconciler.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Fleet.Grains.Reconciling;

/// <summary>
/// One application on one cluster. Reconciles desired (Git) and live (cluster) state: when its cluster's durable
/// reminder paces a resync, when the application relays a new revision, and when the cluster's watch reports a change
/// to one of its objects. It holds no reminder of its own: ten thousand reminders cost more memory and wake-ups than
/// the instances themselves, so each cluster keeps one for all of its instances. The
/// reconcile itself is in ApplicationInstanceGrain.Reconcile.cs; this part handles triggers, operator actions and
/// reporting.
/// </summary>
public sealed partial class ApplicationInstanceGrain(
    [PersistentState("instance", "fleet")] IPersistentState<InstanceState> state,
    ClusterConnections connections,
    GrainReferences references,
    ReconcileGate gate,
    IOptions<FleetOptions> options,
    TimeProvider time,
    ILogger<ApplicationInstanceGrain> logger) : Grain, IApplicationInstanceGrain
{
    /// <summary>How the live objects compared and how healthy they were, from GETs, applies and the cluster's watch.</summary>
    private LiveVerdicts? _live;
    private IGrainTimer? _soon;

    // A sync changed what is tracked, applied or in the history: the reconcile's publish writes it.
    private bool _stateChanged;
    private bool _statusUnwritten;
    private bool _countsReported;
    // Retries since the last sync that succeeded: the backoff grows with them.
    private int _retries;
    private readonly HashSet<string> _watchedKinds = new(StringComparer.Ordinal);

    // The key's parts, split once per activation and shared with the silo's other holders of the same names.
    private (string Application, string Cluster)? _names;

    private string Key => this.GetPrimaryKeyString();

    private (string Application, string Cluster) Names => _names ??= SharedNames(InstanceKey.Split(Key));

    private static (string Application, string Cluster) SharedNames((string Application, string Cluster) names) =>
        (SharedText.Of(names.Application), SharedText.Of(names.Cluster));

    // What is known of the live objects, kept for this application (objects labelled for another are not ours).
    private LiveVerdicts Verdicts => _live ??= new LiveVerdicts(Names.Application);

    private IClusterGrain ClusterGrain => references.Cluster(Names.Cluster);

    private IApplicationGrain ApplicationGrain => references.Application(Names.Application);

    private IInstanceIndexAggregatorGrain Index => references.IndexAggregator;

    public async Task ConfigureAsync(InstanceSpec spec)
    {
        if (InstanceSpecs.Same(state.State.Spec, spec))
        {
            return;
        }
        var first = state.State.Spec is null;
        var ignoredBefore = state.State.Spec?.Source.IgnoreDifferences ?? [];
        state.State.Spec = spec;
        _settledOn = null;
        if (!IgnoreDifference.SameRules(ignoredBefore, spec.Source.IgnoreDifferences))
        {
            // The verdicts compared the objects with the fields the rules now leave out (or in): judge them again.
            Verdicts.Clear();
        }
        await state.WriteStateAsync();
        if (first)
        {
            // The cluster counts the instance from now on (Unknown until its first reconcile) and paces its resyncs.
            await ClusterGrain.ReportInstanceAsync(Names.Application, InstanceCountsMath.Of(state.State.Status.Sync, state.State.Status.Health));
        }
        // Reconcile on the instance's own turn: the application configuring many instances does not wait for syncs.
        ReconcileSoon(TimeSpan.Zero);
    }

    public Task ReconcileAsync() => RunReconcileAsync(SyncTrigger.Automatic);

    public Task OnRevisionAsync() => ReconcileAsync();

    public Task SyncAsync(string initiatedBy, bool prune) =>
        RunReconcileAsync(new SyncTrigger(TriggerKind.Manual, initiatedBy) { Prune = prune });

    public async Task RollbackAsync(string commit, string initiatedBy, bool prune)
    {
        state.State.Pin = new Pin
        {
            Revision = commit,
            Reason = $"rolled back to {commit} by {initiatedBy}",
            By = initiatedBy,
            Since = time.GetUtcNow(),
        };
        await state.WriteStateAsync();
        await RunReconcileAsync(new SyncTrigger(TriggerKind.Rollback, initiatedBy) { Prune = prune });
    }

    public async Task UnpinAsync(string initiatedBy)
    {
        if (state.State.Pin is null)
        {
            return;
        }
        state.State.Pin = null;
        await state.WriteStateAsync();
        await RunReconcileAsync(new SyncTrigger(TriggerKind.Automatic, initiatedBy));
    }

    public async Task RetireAsync(bool prune)
    {
        if (state.State.Spec is null)
        {
            return;
        }
        var (application, cluster) = Names;
        if (prune && state.State.Tracked.Count > 0)
        {
            var connection = await ConnectAsync();
            if (connection is not null)
            {
                await ExecutorFor(connection).PruneAsync(ReconcilePlanner.RetireOrder(state.State.Tracked, state.State.Kept), CancellationToken.None);
            }
        }
        _soon?.Dispose();
        await state.ClearStateAsync();
        state.State = new InstanceState();
        _statusUnwritten = false;
        Verdicts.Clear();
        await ClusterGrain.ForgetInstanceAsync(application);
        InstanceIndexReporter.ReportRetired(Index, Names, time.GetUtcNow());
        DeactivateOnIdle();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ForgetMetrics();
        if (_statusUnwritten && state.State.Spec is not null)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<InstanceView?> GetAsync()
    {
        if (state.State.Spec is null)
        {
            return Task.FromResult<InstanceView?>(null);
        }
        var (application, cluster) = Names;
        var status = state.State.Status;
        return Task.FromResult<InstanceView?>(new InstanceView
        {
            Application = application,
            Cluster = cluster,
            Revision = status.Revision,
            Sync = status.Sync,
            Health = status.Health,
            Conditions = status.Conditions,
            Pin = state.State.Pin,
            Resources = status.Resources,
            History = [.. state.State.History.AsEnumerable().Reverse()],
            LastReconciled = _lastReconciled,
        });
    }

    public Task OnLiveChangedAsync(Immutable<byte[]> json, bool deleted)
    {
        if (state.State.Spec is null)
        {
            return Task.CompletedTask;
        }
        // Most events echo an apply this instance made and judged already: those are recognised from the text (its
        // identity and resourceVersion) and never become a document.
        var utf8 = json.Value;
        var reference = ObjectIdentity.Of(utf8);
        if (!deleted && Verdicts.IsEcho(reference, JsonScan.String(utf8, "metadata", "resourceVersion")))
        {
            return Task.CompletedTask;
        }
        if (Verdicts.Arrived(reference, deleted ? null : JsonNode.Parse(utf8)!.AsObject()))
        {
            ReconcileSoon(options.Value.EventDebounce);
        }
        return Task.CompletedTask;
    }

    public Task OnRelistedAsync(string apiVersionKind, Immutable<IReadOnlySet<ObjectRef>> listed)
    {
        if (state.State.Spec is not null && Verdicts.Relisted(apiVersionKind, listed.Value))
        {
            ReconcileSoon(options.Value.EventDebounce);
        }
        return Task.CompletedTask;
    }

    public Task ResyncAsync()
    {
        if (time.GetUtcNow() - Verdicts.Since > options.Value.LiveStateMaxAge)
        {
            // The long safety resync: re-read live state in case a watch event was ever missed.
            Verdicts.Clear();
        }
        else if (Verdicts.ForgetProgressing())
        {
            // A rollout is followed through watch events; had one gone missing (a watch dropped and resumed, a
            // relist), the instance would stay Progressing until the long safety resync. Objects still progressing
            // are read again on every resync instead, which costs nothing once everything is settled.
            _settledOn = null;
        }
        return ReconcileAsync();
    }

    private void ReconcileSoon(TimeSpan delay)
    {
        _soon?.Dispose();
        _soon = this.RegisterGrainTimer(async _ =>
        {
            _soon?.Dispose();
            _soon = null;
            await ReconcileAsync();
        }, new GrainTimerCreationOptions { DueTime = delay, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    // Jittered: instances of a recovering cluster do not retry in step.
    private void ScheduleRetry() => ReconcileSoon(options.Value.RetryBackoff.Delay(_retries++));

    // Publishing ends every reconcile: the one place the instance's state is written and its status reported.
    private async Task PublishAsync(InstanceStatus status)
    {
        var previous = state.State.Status;
        ReportStatusMetric(status);
        Events.FleetEmit.Publishing(this, Names.Application, Names.Cluster, previous, status);
        var changed = !previous.SameAs(status);
        state.State.Status = status;
        // What a sync recorded (tracked objects, applied commit, history) and a new sync status or revision are
        // written at once. A change of health or detail alone is derived from the cluster and comes back with the
        // next reconcile, so it waits for the next write or the deactivation: a rollout costs one write, not two.
        if (_stateChanged || previous.Sync != status.Sync || previous.Revision != status.Revision)
        {
            await state.WriteStateAsync();
            _stateChanged = false;
            _statusUnwritten = false;
        }
        else if (changed)
        {
            _statusUnwritten = true;
        }
        if (changed)
        {
            InstanceIndexReporter.ReportIfChanged(Index, Names, previous, status, time.GetUtcNow());
        }
        // The cluster and the application keep their counts in memory: they hear of every change, and of the
        // status once per activation so that counts lost with a silo come back.
        var countsChanged = previous.Sync != status.Sync || previous.Health != status.Health;
        if (countsChanged || !_countsReported)
        {
            var (application, cluster) = Names;
            if (countsChanged)
            {
                LogStatus(logger, application, cluster, status.Sync, status.Health);
            }
            await ClusterGrain.ReportInstanceAsync(application, InstanceCountsMath.Of(status.Sync, status.Health));
            await ApplicationGrain.ReportInstanceAsync(cluster, status.Sync, status.Health);
            _countsReported = true;
        }
    }

    private async Task<IClusterConnection?> ConnectAsync()
    {
        var cluster = Names.Cluster;
        var registration = await ClusterGrain.GetEndpointAsync();
        _clusterLabels = registration?.Labels ?? new Dictionary<string, string>();
        _agentCluster = registration?.Mode == ClusterMode.Agent;
        // The control plane never opens a connection to an agent cluster (it holds no credential for it).
        return registration is null || _agentCluster ? null : connections.Get(cluster, registration);
    }

    private IRepositoryGrain Repository => references.Repository(state.State.Spec!.Source.Repository);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Instance {Application}/{Cluster} is {Sync} and {Health}")]
    private static partial void LogStatus(ILogger logger, string application, string cluster, SyncStatus sync, HealthStatus health);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Reconcile of {Application}/{Cluster} failed: {Message}")]
    private static partial void LogReconcileFailed(ILogger logger, string application, string cluster, string message);
}
