using System.Text.Json.Nodes;
using Fleet.Engine.Planning;
using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Grains.Events;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Kubernetes.Json;
using Fleet.Kubernetes.Objects;
using Fleet.Reconciler.Executing;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Reconciling;

/// <summary>
/// The reconcile, hosted: the grain gathers the engine's inputs (revision, render, desired objects, what the watch
/// and reads told of the live objects), carries out what the engine decides through the cluster connection, and
/// publishes the status the engine assesses. The decisions themselves are in Fleet.Engine (ReconcilePlanner,
/// ReconcileResults). A reconcile that finds nothing to do makes no Kubernetes call and writes no state.
/// </summary>
public sealed partial class ApplicationInstanceGrain
{
    private IReadOnlyDictionary<string, string> _clusterLabels = new Dictionary<string, string>();

    // A render of this instance asked for the cluster's capabilities: later renders bring them at once.
    private bool _rendersChart;

    // The commit and render the last complete reconcile judged, when it left nothing to retry.
    private Settlement? _settledOn;
    private DateTimeOffset? _lastReconciled;

    // The slot of the silo's ReconcileGate the running reconcile holds, if it took one.
    private IDisposable? _slot;

    // The objects prepared for a render while a rollout of them is in progress (see the end of RunReconcileAsync).
    private PreparedObjects? _prepared;

    // The render's desired objects and its hooks (kept apart: hooks are neither compared, tracked nor pruned).
    private sealed record PreparedObjects(string RenderKey, InstanceSpec Spec, Dictionary<ObjectRef, JsonObject> Objects, Dictionary<ObjectRef, JsonObject> Hooks);

    private DateTimeOffset Now => time.GetUtcNow();

    private async Task RunReconcileAsync(SyncTrigger trigger)
    {
        if (state.State.Spec is not { } spec)
        {
            return;
        }
        var (application, cluster) = Names;
        using var measure = MeasureReconcile();
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["Application"] = application,
            ["Cluster"] = cluster,
            ["Revision"] = state.State.Pin?.Revision ?? spec.Source.Revision ?? "(branch)",
        });
        try
        {
            var connection = await ConnectAsync();
            if (connection is null)
            {
                _settledOn = null;
                await PublishAsync(_agentCluster
                    ? await AgentClusterStatusAsync()
                    : ReconcileResults.Unreachable(state.State.Status, Reasons.ClusterNotRegistered, $"Cluster {cluster} is not registered.", Now));
                return;
            }
            var revision = state.State.Pin?.Revision ?? spec.Source.Revision;
            string commit;
            if (spec.Source.Chart is { } chart)
            {
                // A chart's version stands where a commit stands: resolved, pinned, recorded in history alike.
                var resolution = await Repository.ResolveChartAsync(chart, revision);
                if (resolution.Version is not { } version)
                {
                    _settledOn = null;
                    await PublishAsync(ReconcileResults.RenderFailed(state.State.Status, $"{chart} {revision}".Trim(), [resolution.Error ?? $"chart {chart} has no version"], Now));
                    return;
                }
                commit = version;
            }
            else
            {
                commit = await Repository.ResolveAsync(revision);
            }
            if (await RefusedSourceAsync(spec, commit))
            {
                return;
            }
            var render = await RenderAsync(connection, commit, spec);
            if (!render.Succeeded)
            {
                _settledOn = null;
                await PublishAsync(ReconcileResults.RenderFailed(state.State.Status, commit, render.Errors, Now));
                return;
            }
            if (InvalidIdentities(render) is { Count: > 0 } invalid)
            {
                // Refused before any request: a name like "." or ".." would change the URL Fleet sends.
                _settledOn = null;
                await PublishAsync(ReconcileResults.RenderFailed(state.State.Status, commit, invalid, Now));
                return;
            }
            if (ReconcilePlanner.IsSettled(trigger, _settledOn, commit, render.Key, Verdicts))
            {
                _lastReconciled = Now;
                return;
            }
            _settledOn = null;
            if (trigger.Manual || render.Key != state.State.AppliedRenderKey || Verdicts.Since is null)
            {
                // A new render, a manual sync or an activation's first reconcile talks to the cluster from the start
                // (discovery, reads, applies). A reconcile that judges watch events of an applied render does not,
                // unless they show drift to heal: it takes a slot only then.
                await TakeSlotAsync();
            }
            var prepared = await DesiredAsync(connection, render, spec);
            var desired = prepared.Objects;
            if (await RefusedObjectsAsync(spec, commit, desired.Keys.Concat(prepared.Hooks.Keys)))
            {
                return;
            }
            Verdicts.IgnoredManagers = spec.Source.IgnoreDifferences;
            Verdicts.JudgeArrivals(desired, render.Key, options.Value.FieldManager, Now);
            var input = new ReconcileInput
            {
                Commit = commit,
                RenderKey = render.Key,
                Desired = desired,
                Tracked = state.State.Tracked,
                Kept = state.State.Kept,
                AppliedRenderKey = state.State.AppliedRenderKey,
                Policy = spec.Source.SyncPolicy,
                Pin = state.State.Pin,
                Trigger = trigger,
                Hooks = prepared.Hooks,
                Operation = state.State.Operation,
                Application = application,
            };
            // Made only now: a reconcile that found nothing to do allocates none.
            var executor = ExecutorFor(connection);
            await executor.ReadAsync(ReconcilePlanner.ReadsBeforePlan(input, Verdicts), input);
            // Hooks are watched as objects are: a Job's completion is what moves its operation on.
            await WatchKindsAsync(desired.Keys.Concat(prepared.Hooks.Keys));

            var plan = ReconcilePlanner.Plan(input, Verdicts);
            await executor.DeleteHooksAsync(plan.HookDeletes);
            KeepOperation(plan.Operation);
            FleetEmit.Diffed(this, application, cluster, commit, plan);
            SyncRecord? record = null;
            if (plan.Sync)
            {
                FleetEmit.SyncStarted(this, application, cluster, commit, plan.Reason!, trigger.InitiatedBy);
                record = await CarryOutAsync(executor, plan, input);
                if (record.Result == SyncResults.Failed)
                {
                    // The cluster refused an apply or a prune: the operation's SyncFail hooks run next.
                    KeepOperation(state.State.Operation?.ApplyFailed(record.Message ?? "the sync failed"));
                }
                Metrics.CountSync(record.Result);
                FleetEmit.SyncFinished(this, application, cluster, record);
                // The tracked objects as the sync left them: what is assessed from here on.
                input = input with { Tracked = [.. state.State.Tracked] };
                await executor.ReadAsync(ReconcilePlanner.ReadsAfterSync(input, Verdicts), input);
                if (record.Result == SyncResults.Succeeded)
                {
                    _retries = 0;
                }
                else
                {
                    ScheduleRetry();
                }
            }
            else if (!plan.RenderChanged && !plan.OutOfSync && state.State.AppliedCommit != commit)
            {
                // A commit that did not touch this path: the instance moves to it without a sync.
                state.State.AppliedCommit = commit;
                _stateChanged = true;
            }
            await PublishAsync(ReconcileResults.Assess(input, Verdicts, record, state.State.AppliedCommit, state.State.Status, Now,
                plan.WaitingForWave, state.State.Operation, plan.Waiting));
            _lastReconciled = Now;
            var operationRunning = state.State.Operation is { Finished: false } operation && operation.RenderKey == render.Key;
            _settledOn = record is { Result: SyncResults.Failed } || !plan.Complete || operationRunning ? null : new Settlement(commit, render.Key);
            if (record is { Result: SyncResults.Succeeded } && (!plan.Complete || operationRunning))
            {
                // The next wave is judged at once: objects that are healthy as soon as they are applied (a ConfigMap)
                // bring no watch event of their own.
                ReconcileSoon(options.Value.EventDebounce);
            }
        }
        catch (ClusterUnreachableException e)
        {
            // A failure publishes another status than the settled one: the next reconcile must run in full.
            _settledOn = null;
            Verdicts.Clear();
            LogReconcileFailed(logger, application, cluster, e.Message);
            await PublishAsync(ReconcileResults.Unreachable(state.State.Status, e.Reason, $"Cluster {cluster} is unreachable: {e.Message} Fleet retries with backoff.", Now));
            ScheduleRetry();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _settledOn = null;
            LogReconcileFailed(logger, application, cluster, e.Message);
            await PublishAsync(ReconcileResults.Failed(state.State.Status, ReasonOf(e), e.Message, Now));
            ScheduleRetry();
        }
        finally
        {
            _slot?.Dispose();
            _slot = null;
            // A rollout brings a watch event per step, each judged by a reconcile against the same objects: they are
            // kept until nothing is progressing, and not at rest, where they would cost each instance kilobytes.
            if (_prepared is not null && !Verdicts.AnyProgressing)
            {
                _prepared = null;
            }
        }
    }

    // Asks the repository for the render. A chart that reads the cluster's capabilities asks for them first time; the
    // instance then brings them with every render (the connection reuses them for a while), so other applications
    // never pay for discovery they do not use.
    private async Task<RenderOutcome> RenderAsync(IClusterConnection connection, string commit, InstanceSpec spec)
    {
        var release = new HelmRelease
        {
            Name = spec.Source.Helm?.ReleaseName ?? spec.Application,
            Namespace = spec.Source.Destination.Namespace,
            ValueFiles = spec.Source.Helm?.ValueFiles ?? [],
            Values = spec.Source.Helm?.Values,
            ChartExpected = spec.Source.Helm is not null,
        };
        var target = new RenderTarget { ClusterName = Names.Cluster, Labels = _clusterLabels };
        if (_rendersChart)
        {
            target = target with { Capabilities = await CapabilitiesAsync(connection) };
        }
        var remoteSources = (await RulesAsync(spec)).RemoteSources;
        var render = await RenderAtAsync(commit, spec, target, release, remoteSources);
        if (render.NeedsCapabilities)
        {
            _rendersChart = true;
            render = await RenderAtAsync(commit, spec, target with { Capabilities = await CapabilitiesAsync(connection) }, release, remoteSources);
        }
        return render;
    }

    private Task<RenderOutcome> RenderAtAsync(string commit, InstanceSpec spec, RenderTarget target, HelmRelease release,
        IReadOnlyList<string> remoteSources) =>
        spec.Source.Chart is { } chart
            ? Repository.RenderChartAsync(chart, commit, target, release with { ChartExpected = true })
            : Repository.RenderAsync(commit, spec.Source.Path, target, release, remoteSources);

    private static async Task<ClusterCapabilities> CapabilitiesAsync(IClusterConnection connection)
    {
        var capabilities = await connection.CapabilitiesAsync(CancellationToken.None);
        return new ClusterCapabilities { KubeVersion = capabilities.GitVersion, ApiVersions = capabilities.ApiVersions };
    }

    // Takes one of the silo's slots for talking to clusters (ReconcileGate) unless this reconcile holds one already;
    // RunReconcileAsync gives it back when it ends.
    private async Task TakeSlotAsync() => _slot ??= await gate.EnterAsync();

    // The render's objects prepared for this cluster, kept while a rollout of them is in progress.
    private async Task<PreparedObjects> DesiredAsync(IClusterConnection connection, RenderOutcome render, InstanceSpec spec)
    {
        if (_prepared is not { } prepared || prepared.RenderKey != render.Key || !ReferenceEquals(prepared.Spec, spec))
        {
            _prepared = prepared = await PrepareAsync(connection, render, spec);
        }
        return prepared;
    }

    // Every rendered object whose name or namespace breaks Kubernetes' rules, named with its file and the rule.
    private static List<string> InvalidIdentities(RenderOutcome render)
    {
        var invalid = new List<string>();
        foreach (var manifest in render.Manifests)
        {
            var errors = DesiredObjects.ValidateIdentity(new ObjectRef(manifest.ApiVersion, manifest.Kind, manifest.Namespace, manifest.Name));
            if (errors.Count > 0 && JsonScan.String(System.Text.Encoding.UTF8.GetBytes(manifest.Json), "metadata", "name") is null)
            {
                // A hook known by its generateName: what must be valid is the name of each run, which adds five characters.
                errors = DesiredObjects.ValidateIdentity(new ObjectRef(manifest.ApiVersion, manifest.Kind, manifest.Namespace, manifest.Name + "xxxxx"));
            }
            if (errors.Count > 0)
            {
                var where = manifest.SourceFile is { Length: > 0 } file ? $"{file}: " : "";
                invalid.Add($"{where}{manifest.Kind} \"{manifest.Name}\": invalid {string.Join("; ", errors)}.");
            }
        }
        return invalid;
    }

    private async Task<PreparedObjects> PrepareAsync(IClusterConnection connection, RenderOutcome render, InstanceSpec spec)
    {
        var desired = new Dictionary<ObjectRef, JsonObject>();
        var hooks = new Dictionary<ObjectRef, JsonObject>();
        List<JsonObject>? definitions = null;
        var unserved = new List<string>();
        foreach (var manifest in render.Manifests)
        {
            bool namespaced;
            try
            {
                namespaced = (await connection.MapAsync(manifest.ApiVersion, manifest.Kind, CancellationToken.None)).Namespaced;
            }
            catch (KubernetesApiException e) when (e.Code == 404)
            {
                // A custom resource whose CRD is applied in this same sync takes its scope from that CRD. One whose CRD
                // comes from elsewhere is refused now, before anything is applied, unless it says the CRD will be there.
                definitions ??= [.. render.Manifests.Where(m => m.Kind == "CustomResourceDefinition").Select(m => JsonNode.Parse(m.Json)!.AsObject())];
                if (DesiredObjects.ScopeFromDefinitions(definitions, manifest.ApiVersion, manifest.Kind) is { } scope)
                {
                    namespaced = scope;
                }
                else if (SyncOptions.SkipDryRunOnMissingResource(JsonNode.Parse(manifest.Json)!.AsObject()))
                {
                    namespaced = true;
                }
                else
                {
                    unserved.Add($"{manifest.Kind} \"{manifest.Name}\" ({manifest.ApiVersion})");
                    continue;
                }
            }
            var reference = DesiredObjects.RefOf(new ObjectRef(manifest.ApiVersion, manifest.Kind, manifest.Namespace, manifest.Name),
                spec.Source.Destination.Namespace, namespaced && manifest.Kind != "Namespace");
            var prepared = DesiredObjects.Prepare(manifest.Json, spec.Application, spec.Source.Destination.Namespace, reference.Namespace is not null);
            if (SyncHooks.Read(prepared) is { } hook)
            {
                // A hook Fleet does not run (Helm's tests, delete and rollback hooks, Argo CD's Skip) is left out altogether.
                if (hook.Phases.Count > 0)
                {
                    hooks[reference] = prepared;
                }
                continue;
            }
            IgnoreDifference.Apply(prepared, reference, spec.Source.IgnoreDifferences);
            desired[reference] = prepared;
        }
        var destination = spec.Source.Destination;
        var managedNamespace = new ObjectRef("v1", "Namespace", null, destination.Namespace);
        if (destination.CreateNamespace && !desired.ContainsKey(managedNamespace))
        {
            desired[managedNamespace] = DesiredObjects.ManagedNamespace(destination.Namespace, spec.Application,
                destination.NamespaceMetadata?.Labels, destination.NamespaceMetadata?.Annotations);
        }
        if (unserved.Count > 0)
        {
            throw new KubernetesApiException(404, Reasons.KindNotServed,
                $"Cluster {Names.Cluster} does not serve the kind of {string.Join(", ", unserved.Take(5))}, and no CustomResourceDefinition " +
                "in this revision defines it, so nothing was applied. Install its CRD first, or annotate the object with " +
                "fleet.dev/sync-options: SkipDryRunOnMissingResource=true if another application installs it.");
        }
        return new PreparedObjects(render.Key, spec, desired, hooks);
    }

    private async Task WatchKindsAsync(IEnumerable<ObjectRef> references)
    {
        var kinds = references.Select(r => r.ApiVersionKind).Where(k => !_watchedKinds.Contains(k)).Distinct().ToList();
        if (kinds.Count == 0)
        {
            return;
        }
        await ClusterGrain.WatchKindsAsync(Names.Application, kinds);
        // Interned: every instance of a cluster watches the same few kinds.
        _watchedKinds.UnionWith(kinds.Select(string.Intern));
    }

    // The executor of this reconcile (or retirement): it edits the tracked and kept objects of the state as it is now,
    // and takes the silo's reconcile slot before the requests a quiet reconcile would not make.
    private InstanceExecutor ExecutorFor(IClusterConnection connection) =>
        new(connection, new InstanceLedger(state.State.Tracked, state.State.Kept, Verdicts), Names.Application,
            options.Value.FieldManager, TakeSlotAsync, time, logger);

    // Carries out the plan through the executor and records it: the history entry, and the render as applied once
    // its last wave went out.
    private async Task<SyncRecord> CarryOutAsync(InstanceExecutor executor, SyncPlan plan, ReconcileInput input)
    {
        await TakeSlotAsync();
        // Whatever happens from here (even a cluster lost mid-sync) changes what is tracked: the publish writes it.
        _stateChanged = true;
        var carried = await executor.CarryOutAsync(plan, input, state.State.Spec!.Source.IgnoreDifferences);
        if (carried.RenderApplied)
        {
            state.State.AppliedCommit = input.Commit;
            state.State.AppliedRenderKey = input.RenderKey;
        }
        var record = ReconcileResults.Record(state.State.NextSyncId++, input.Commit, input.Trigger, carried.Outcome);
        state.State.History.Add(record);
        if (state.State.History.Count > options.Value.HistoryLimit)
        {
            state.State.History.RemoveRange(0, state.State.History.Count - options.Value.HistoryLimit);
        }
        return record;
    }

    // The operation as the plan (or a failed apply) left it: written with the rest of the state at the publish.
    private void KeepOperation(SyncOperation? operation)
    {
        if (operation is not null && operation != state.State.Operation)
        {
            state.State.Operation = operation;
            _stateChanged = true;
        }
    }

    private static string ReasonOf(Exception e) => e switch
    {
        KubernetesApiException k => k.Reason,
        Git.GitException g => g.Reason,
        _ => e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal),
    };
}
