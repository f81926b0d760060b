using System.Text.Json.Nodes;
using Fleet.Grains.FleetView;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Model;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Kubernetes;
using Fleet.Grains.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Applications;

/// <summary>
/// One application on one cluster. Reconciles desired (Git) and live (cluster) state: on a durable reminder, when the
/// application relays a new revision, and when the cluster's watch reports a change to one of its objects. The
/// reconcile itself is in ApplicationInstanceGrain.Reconcile.cs; this part handles triggers, operator actions and
/// reporting.
/// </summary>
public sealed partial class ApplicationInstanceGrain(
    [PersistentState("instance", "fleet")] IPersistentState<InstanceState> state,
    ClusterConnections connections,
    IOptions<FleetOptions> options,
    TimeProvider time,
    ILogger<ApplicationInstanceGrain> logger) : Grain, IApplicationInstanceGrain, IRemindable
{
    private const string ResyncReminder = "instance-resync";

    /// <summary>How the live objects compared and how healthy they were, from GETs, applies and the cluster's watch.</summary>
    private readonly LiveVerdicts _verdicts = new();
    private IGrainTimer? _soon;
    private TimeSpan _retryDelay;
    private readonly HashSet<string> _watchedKinds = new(StringComparer.Ordinal);

    private string Key => this.GetPrimaryKeyString();

    private (string Application, string Cluster) Names => InstanceKey.Split(Key);

    public async Task ConfigureAsync(InstanceSpec spec)
    {
        if (state.State.Spec == spec)
        {
            return;
        }
        state.State.Spec = spec;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ResyncReminder, options.Value.ResyncPeriod, options.Value.ResyncPeriod);
        // Reconcile on the instance's own turn: the application configuring many instances does not wait for syncs.
        ReconcileSoon(TimeSpan.Zero);
    }

    public Task ReconcileAsync() => RunReconcileAsync(SyncTrigger.None);

    public Task SyncAsync(string initiatedBy) => RunReconcileAsync(new SyncTrigger(true, initiatedBy));

    public async Task RollbackAsync(string revision, string initiatedBy)
    {
        state.State.Pin = new Pin
        {
            Revision = revision,
            Reason = $"rolled back to {revision} by {initiatedBy}",
            By = initiatedBy,
            Since = time.GetUtcNow(),
        };
        await state.WriteStateAsync();
        await RunReconcileAsync(new SyncTrigger(true, initiatedBy));
    }

    public async Task UnpinAsync(string initiatedBy)
    {
        if (state.State.Pin is null)
        {
            return;
        }
        state.State.Pin = null;
        await state.WriteStateAsync();
        await RunReconcileAsync(new SyncTrigger(false, initiatedBy));
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
                await PruneAsync(connection, state.State.Tracked, CancellationToken.None);
            }
        }
        await this.ForgetReminderAsync(ResyncReminder);
        _soon?.Dispose();
        await state.ClearStateAsync();
        state.State = new InstanceState();
        _verdicts.Clear();
        await GrainFactory.GetGrain<IClusterGrain>(cluster).ForgetInstanceAsync(application);
        InstanceIndexReporter.ReportRetired(GrainFactory, Key, time.GetUtcNow());
        DeactivateOnIdle();
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

    public Task OnLiveChangedAsync(string json, bool deleted)
    {
        if (state.State.Spec is null)
        {
            return Task.CompletedTask;
        }
        var obj = JsonNode.Parse(json)!.AsObject();
        _verdicts.Arrived(ObjectIdentity.Of(obj), deleted ? null : obj);
        ReconcileSoon(options.Value.EventDebounce);
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (time.GetUtcNow() - _verdicts.Since > options.Value.LiveStateMaxAge)
        {
            // The long safety resync: re-read live state in case a watch event was ever missed.
            _verdicts.Clear();
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

    private void ScheduleRetry()
    {
        var initial = options.Value.InitialRetryDelay;
        _retryDelay = _retryDelay == TimeSpan.Zero ? initial : TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, options.Value.MaxRetryDelay.Ticks));
        // Jitter keeps instances of a recovering cluster from retrying in step.
        ReconcileSoon(_retryDelay * (0.75 + (Random.Shared.NextDouble() / 2)));
    }

    private async Task PublishAsync(InstanceStatus status)
    {
        var previous = state.State.Status;
        ReportStatusMetric(status);
        Events.FleetEmit.Publishing(this, Names.Application, Names.Cluster, previous, status);
        if (previous.SameAs(status))
        {
            return;
        }
        state.State.Status = status;
        await state.WriteStateAsync();
        InstanceIndexReporter.ReportIfChanged(GrainFactory, Key, previous, status, time.GetUtcNow());
        if (previous.Sync != status.Sync || previous.Health != status.Health)
        {
            var (application, cluster) = Names;
            LogStatus(logger, application, cluster, status.Sync, status.Health);
            await GrainFactory.GetGrain<IClusterGrain>(cluster).ReportInstanceAsync(application, InstanceCountsMath.Of(status.Sync, status.Health));
            await GrainFactory.GetGrain<IApplicationGrain>(application).ReportInstanceAsync(cluster, status.Sync, status.Health);
        }
    }

    private async Task<IClusterConnection?> ConnectAsync()
    {
        var cluster = Names.Cluster;
        var registration = await GrainFactory.GetGrain<IClusterGrain>(cluster).GetEndpointAsync();
        _clusterLabels = registration?.Labels ?? new Dictionary<string, string>();
        return registration is null ? null : connections.Get(cluster, registration);
    }

    private IRepositoryGrain Repository => GrainFactory.GetGrain<IRepositoryGrain>(state.State.Spec!.Source.Repository);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Instance {Application}/{Cluster} is {Sync} and {Health}")]
    private static partial void LogStatus(ILogger logger, string application, string cluster, SyncStatus sync, HealthStatus health);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Reconcile of {Application}/{Cluster} failed: {Message}")]
    private static partial void LogReconcileFailed(ILogger logger, string application, string cluster, string message);
}

/// <summary>Why a reconcile runs: a manual sync (always applies) or not, and who asked.</summary>
internal sealed record SyncTrigger(bool Manual, string InitiatedBy)
{
    public static SyncTrigger None { get; } = new(false, "auto");
}
