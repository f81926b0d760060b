using System.Text.Json.Nodes;
using Fleet.Engine.Planning;
using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Grains.Applying;
using Fleet.Grains.Events;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Kubernetes.Objects;

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

    // The commit and render the last complete reconcile judged, when it left nothing to retry.
    private Settlement? _settledOn;
    private DateTimeOffset? _lastReconciled;

    // The slot of the silo's ReconcileGate the running reconcile holds, if it took one.
    private IDisposable? _slot;

    // The objects prepared for a render while a rollout of them is in progress (see the end of RunReconcileAsync).
    private PreparedObjects? _prepared;

    private sealed record PreparedObjects(string RenderKey, InstanceSpec Spec, Dictionary<ObjectRef, JsonObject> Objects);

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
                await PublishAsync(ReconcileResults.Unreachable(state.State.Status, Reasons.ClusterNotRegistered, $"Cluster {cluster} is not registered.", Now));
                return;
            }
            var commit = await Repository.ResolveAsync(state.State.Pin?.Revision ?? spec.Source.Revision);
            if (await RefusedSourceAsync(spec, commit))
            {
                return;
            }
            var render = await Repository.RenderAsync(commit, spec.Source.Path, new RenderTarget { ClusterName = cluster, Labels = _clusterLabels });
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
            var desired = await DesiredAsync(connection, render, spec);
            if (await RefusedObjectsAsync(spec, commit, desired.Keys))
            {
                return;
            }
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
            };
            await ReadAsync(connection, ReconcilePlanner.ReadsBeforePlan(input, Verdicts), input);
            await WatchKindsAsync(desired.Keys);

            var plan = ReconcilePlanner.Plan(input, Verdicts);
            FleetEmit.Diffed(this, application, cluster, commit, plan);
            SyncRecord? record = null;
            if (plan.Sync)
            {
                FleetEmit.SyncStarted(this, application, cluster, commit, plan.Reason!, trigger.InitiatedBy);
                record = await CarryOutAsync(connection, plan, input);
                Metrics.CountSync(record.Result);
                FleetEmit.SyncFinished(this, application, cluster, record);
                // The tracked objects as the sync left them: what is assessed from here on.
                input = input with { Tracked = [.. state.State.Tracked] };
                await ReadAsync(connection, ReconcilePlanner.ReadsAfterSync(input, Verdicts), input);
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
            await PublishAsync(ReconcileResults.Assess(input, Verdicts, record, state.State.AppliedCommit, state.State.Status, Now, plan.WaitingForWave));
            _lastReconciled = Now;
            _settledOn = record is { Result: SyncResults.Failed } || !plan.Complete ? null : new Settlement(commit, render.Key);
            if (record is { Result: SyncResults.Succeeded } && !plan.Complete)
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

    // Takes one of the silo's slots for talking to clusters (ReconcileGate) unless this reconcile holds one already;
    // RunReconcileAsync gives it back when it ends.
    private async Task TakeSlotAsync() => _slot ??= await gate.EnterAsync();

    // The render's objects prepared for this cluster, kept while a rollout of them is in progress.
    private async Task<Dictionary<ObjectRef, JsonObject>> DesiredAsync(IClusterConnection connection, RenderOutcome render, InstanceSpec spec)
    {
        if (_prepared is not { } prepared || prepared.RenderKey != render.Key || !ReferenceEquals(prepared.Spec, spec))
        {
            _prepared = prepared = new PreparedObjects(render.Key, spec, await PrepareAsync(connection, render, spec));
        }
        return prepared.Objects;
    }

    // Every rendered object whose name or namespace breaks Kubernetes' rules, named with its file and the rule.
    private static List<string> InvalidIdentities(RenderOutcome render)
    {
        var invalid = new List<string>();
        foreach (var manifest in render.Manifests)
        {
            var errors = DesiredObjects.ValidateIdentity(new ObjectRef(manifest.ApiVersion, manifest.Kind, manifest.Namespace, manifest.Name));
            if (errors.Count > 0)
            {
                var where = manifest.SourceFile is { Length: > 0 } file ? $"{file}: " : "";
                invalid.Add($"{where}{manifest.Kind} \"{manifest.Name}\": invalid {string.Join("; ", errors)}.");
            }
        }
        return invalid;
    }

    private async Task<Dictionary<ObjectRef, JsonObject>> PrepareAsync(IClusterConnection connection, RenderOutcome render, InstanceSpec spec)
    {
        var desired = new Dictionary<ObjectRef, JsonObject>();
        foreach (var manifest in render.Manifests)
        {
            bool namespaced;
            try
            {
                namespaced = (await connection.MapAsync(manifest.ApiVersion, manifest.Kind, CancellationToken.None)).Namespaced;
            }
            catch (KubernetesApiException e) when (e.Code == 404)
            {
                // A custom resource whose CRD is applied in this same sync: namespaced unless it says otherwise.
                namespaced = true;
            }
            var reference = DesiredObjects.RefOf(new ObjectRef(manifest.ApiVersion, manifest.Kind, manifest.Namespace, manifest.Name),
                spec.Source.Destination.Namespace, namespaced && manifest.Kind != "Namespace");
            var prepared = DesiredObjects.Prepare(manifest.Json, spec.Application, spec.Source.Destination.Namespace, reference.Namespace is not null);
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
        return desired;
    }

    // Reads the objects the engine has no verdict on: once per activation (or after the safety resync), and after a
    // new render for instances that do not sync it at once; from then on the watch keeps the verdicts fresh.
    private async Task ReadAsync(IClusterConnection connection, IReadOnlyList<ObjectRef> references, ReconcileInput input)
    {
        foreach (var reference in references)
        {
            await TakeSlotAsync();
            var live = await GetLiveAsync(connection, reference);
            Verdicts.Judge(reference, input.Desired.GetValueOrDefault(reference), live, input.RenderKey, options.Value.FieldManager, Now);
        }
    }

    private static async Task<JsonObject?> GetLiveAsync(IClusterConnection connection, ObjectRef reference)
    {
        try
        {
            return await connection.GetAsync(reference.ApiVersion, reference.Kind, reference.Namespace, reference.Name, CancellationToken.None);
        }
        catch (KubernetesApiException e) when (e.Code == 404)
        {
            return null;
        }
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

    // Carries out the plan: applies in order, then prunes; stops at the first object the cluster refuses.
    private async Task<SyncRecord> CarryOutAsync(IClusterConnection connection, SyncPlan plan, ReconcileInput input)
    {
        await TakeSlotAsync();
        var started = Now;
        // Whatever happens from here (even a cluster lost mid-sync) changes what is tracked: the publish writes it.
        _stateChanged = true;
        var applied = 0;
        var pruned = 0;
        string? error = null;
        try
        {
            foreach (var reference in plan.Apply)
            {
                var desired = input.Desired[reference];
                Verdicts.JudgeApplied(reference, desired, await ApplyWithRetryAsync(connection, desired), input.RenderKey, Now);
                if (!state.State.Tracked.Contains(reference))
                {
                    state.State.Tracked.Add(reference);
                }
                if (SyncOptions.NoPrune(desired))
                {
                    state.State.Kept.Add(reference);
                }
                else
                {
                    state.State.Kept.Remove(reference);
                }
                applied++;
            }
            pruned = await PruneAsync(connection, plan.Prune, CancellationToken.None);
            if (!plan.Complete)
            {
                // One wave of several: the render counts as applied once the last wave is.
                return Record(applied, pruned, null);
            }
            foreach (var released in plan.Release)
            {
                state.State.Tracked.Remove(released);
                state.State.Kept.Remove(released);
                Verdicts.Forget(released);
            }
            state.State.AppliedCommit = input.Commit;
            state.State.AppliedRenderKey = input.RenderKey;
        }
        catch (KubernetesApiException e)
        {
            error = e.Message;
        }
        return Record(applied, pruned, error);

        SyncRecord Record(int applied, int pruned, string? error)
        {
            var record = ReconcileResults.Record(state.State.NextSyncId++, input.Commit, input.Trigger,
                new SyncOutcome { StartedAt = started, FinishedAt = Now, Applied = applied, Pruned = pruned, Error = error });
            state.State.History.Add(record);
            if (state.State.History.Count > options.Value.HistoryLimit)
            {
                state.State.History.RemoveRange(0, state.State.History.Count - options.Value.HistoryLimit);
            }
            return record;
        }
    }

    // A custom resource applied right after its CRD waits until the API server serves its kind.
    private async Task<JsonObject> ApplyWithRetryAsync(IClusterConnection connection, JsonObject obj)
    {
        var deadline = Now + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await connection.ApplyAsync(obj, options.Value.FieldManager, force: true, dryRun: false, CancellationToken.None);
            }
            catch (KubernetesApiException e) when (e.Code == 404 && e.Reason == "NotFound" && Now < deadline && !e.Message.Contains("namespaces", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    // Deletes objects in the order given (the engine's prune order) and stops tracking each one deleted.
    private async Task<int> PruneAsync(IClusterConnection connection, IReadOnlyList<ObjectRef> ordered, CancellationToken cancellationToken)
    {
        var pruned = 0;
        foreach (var reference in ordered)
        {
            await connection.DeleteAsync(reference.ApiVersion, reference.Kind, reference.Namespace, reference.Name, cancellationToken);
            state.State.Tracked.Remove(reference);
            Verdicts.Forget(reference);
            pruned++;
        }
        return pruned;
    }

    private static string ReasonOf(Exception e) => e switch
    {
        KubernetesApiException k => k.Reason,
        Git.GitException g => g.Reason,
        _ => e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal),
    };
}
