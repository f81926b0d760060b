using System.Text.Json.Nodes;
using Fleet.Engine.Diff;
using Fleet.Engine.Health;
using Fleet.Engine.Planning;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Kubernetes;
using Fleet.Grains.Runtime;
using Fleet.Kubernetes.Objects;

namespace Fleet.Grains.Applications;

/// <summary>
/// The reconcile: resolve the revision -> render -> load live state (once; the watch keeps it fresh) -> diff ->
/// apply in dependency order -> prune -> assess health -> publish status. A reconcile that finds nothing to do
/// makes no Kubernetes call and writes no state.
/// </summary>
public sealed partial class ApplicationInstanceGrain
{
    private IReadOnlyDictionary<string, string> _clusterLabels = new Dictionary<string, string>();

    // The commit and render the last complete reconcile judged, when it left nothing to retry.
    private (string Commit, string RenderKey)? _settledOn;
    private DateTimeOffset? _lastReconciled;

    // The slot of the silo's ReconcileGate the running reconcile holds, if it took one.
    private IDisposable? _slot;

    // The objects prepared for a render while a rollout of them is in progress (see the end of RunReconcileAsync).
    private PreparedObjects? _prepared;

    private sealed record PreparedObjects(string RenderKey, InstanceSpec Spec, Dictionary<ObjectRef, JsonObject> Objects);

    private async Task RunReconcileAsync(SyncTrigger trigger)
    {
        if (state.State.Spec is not { } spec)
        {
            return;
        }
        var (application, cluster) = Names;
        var conditions = new List<Condition>();
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
                await PublishAsync(Unknown(conditions, "ClusterNotRegistered", $"Cluster {cluster} is not registered."));
                return;
            }
            var revision = state.State.Pin?.Revision ?? spec.Source.Revision;
            var commit = await Repository.ResolveAsync(revision);
            var render = await Repository.RenderAsync(commit, spec.Source.Path, new RenderTarget { ClusterName = cluster, Labels = _clusterLabels });
            if (!render.Succeeded)
            {
                // Nothing of a broken render is applied; the last applied objects stay as they are.
                _settledOn = null;
                conditions.Add(NewCondition("RenderFailed", "True", "InvalidManifests",
                    $"Revision {Short(commit)} cannot be rendered, so nothing of it was applied: {string.Join(" ", render.Errors)}"));
                await PublishAsync(state.State.Status with { Sync = SyncStatus.Unknown, Conditions = conditions });
                return;
            }

            if (!trigger.Manual && _settledOn == (commit, render.Key) && _verdicts.AllJudged)
            {
                // Nothing new since the last reconcile (same commit and render, no watch event, verdicts kept): the
                // outcome would be the same, so the periodic resync costs three grain calls and no Kubernetes call.
                _lastReconciled = time.GetUtcNow();
                return;
            }
            _settledOn = null;
            if (trigger.Manual || render.Key != state.State.AppliedRenderKey || _verdicts.Since is null)
            {
                // A new render, a manual sync or an activation's first reconcile talks to the cluster from the start
                // (discovery, reads, applies). A reconcile that judges watch events of an applied render does not,
                // unless they show drift to heal: it takes a slot only then.
                await TakeSlotAsync();
            }
            var settles = true;
            if (_prepared is not { } prepared || prepared.RenderKey != render.Key || !ReferenceEquals(prepared.Spec, spec))
            {
                _prepared = prepared = new PreparedObjects(render.Key, spec, await PrepareAsync(connection, render, spec));
            }
            var desired = prepared.Objects;
            var now = time.GetUtcNow();
            _verdicts.JudgeArrivals(desired, render.Key, options.Value.FieldManager, now);
            var orphans = state.State.Tracked.Where(t => !desired.ContainsKey(t)).ToList();
            // Renders are keyed by content: a commit that only touched other paths has the same key and
            // re-syncs nothing; the instance just moves to the new revision.
            var renderChanged = render.Key != state.State.AppliedRenderKey;
            var policy = spec.Source.SyncPolicy;
            // A sync that applies whatever the comparison says reads nothing first: the apply answers with the objects.
            var appliesAnyway = renderChanged && (trigger.Manual || policy.Automated);
            if (!appliesAnyway)
            {
                await JudgeUnknownAsync(connection, desired, render.Key);
            }
            await JudgeUnknownAsync(connection, orphans, render.Key);
            await WatchKindsAsync(desired.Keys);

            var diffs = DiffsOf(desired, render.Key);
            var outOfSync = diffs.Values.Any(d => !d.InSync) || (policy.Prune && orphans.Count > 0);
            var shouldSync = trigger.Manual || appliesAnyway || (policy.Automated && policy.SelfHeal && outOfSync);
            Events.FleetEmit.Diffed(this, application, cluster, commit, renderChanged, outOfSync, diffs);

            if ((outOfSync || renderChanged) && shouldSync)
            {
                Events.FleetEmit.SyncStarted(this, application, cluster, commit, trigger.Manual, renderChanged, trigger.InitiatedBy);
                var record = await SyncObjectsAsync(connection, desired, orphans, commit, render.Key, trigger, policy.Prune || trigger.Manual);
                Metrics.CountSync(record.Result);
                Events.FleetEmit.SyncFinished(this, application, cluster, record);
                conditions.Add(record.Result == "Succeeded"
                    ? NewCondition("Synced", "True", "SyncSucceeded", SharedText.Of($"Applied {record.Applied} objects and pruned {record.Pruned} at revision {Short(commit)}."))
                    : NewCondition("Synced", "False", "SyncFailed", record.Message ?? "The sync failed."));
                // Objects a failed sync did not reach are read, so the status tells how far it got.
                await JudgeUnknownAsync(connection, desired, render.Key);
                diffs = DiffsOf(desired, render.Key);
                orphans = state.State.Tracked.Where(t => !desired.ContainsKey(t)).ToList();
                if (record.Result != "Succeeded")
                {
                    ScheduleRetry();
                    settles = false;
                }
                else
                {
                    _retryDelay = TimeSpan.Zero;
                }
            }

            if (!renderChanged && !outOfSync && state.State.AppliedCommit != commit)
            {
                state.State.AppliedCommit = commit;
                _stateChanged = true;
            }
            await PublishAsync(Assess(desired, diffs, orphans, commit, conditions, spec));
            _lastReconciled = time.GetUtcNow();
            _settledOn = settles ? (commit, render.Key) : null;
        }
        catch (ClusterUnreachableException e)
        {
            // A failure publishes another status than the settled one: the next reconcile must run in full.
            _settledOn = null;
            _verdicts.Clear();
            LogReconcileFailed(logger, application, cluster, e.Message);
            await PublishAsync(Unknown(conditions, e.Reason, $"Cluster {cluster} is unreachable: {e.Message} Fleet retries with backoff."));
            ScheduleRetry();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _settledOn = null;
            LogReconcileFailed(logger, application, cluster, e.Message);
            conditions.Add(NewCondition("ReconcileFailed", "True", ReasonOf(e), e.Message));
            await PublishAsync(state.State.Status with { Sync = SyncStatus.Unknown, Conditions = conditions });
            ScheduleRetry();
        }
        finally
        {
            _slot?.Dispose();
            _slot = null;
            // A rollout brings a watch event per step, each judged by a reconcile against the same objects: they are
            // kept until nothing is progressing, and not at rest, where they would cost each instance kilobytes.
            if (_prepared is not null && !_verdicts.AnyProgressing)
            {
                _prepared = null;
            }
        }
    }

    // Takes one of the silo's slots for talking to clusters (ReconcileGate) unless this reconcile holds one already;
    // RunReconcileAsync gives it back when it ends.
    private async Task TakeSlotAsync() => _slot ??= await gate.EnterAsync();

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
            var reference = DesiredObjects.RefOf(new ObjectRef(manifest.ApiVersion, manifest.Kind, manifest.Namespace, manifest.Name), spec.Source.Destination.Namespace, namespaced && manifest.Kind != "Namespace");
            desired[reference] = DesiredObjects.Prepare(manifest.Json, spec.Application, spec.Source.Destination.Namespace, reference.Namespace is not null);
        }
        return desired;
    }

    // Reads the objects that have no verdict for this render: once per activation (or after the safety resync), and
    // after a new render for instances that do not sync it at once; from then on the watch keeps the verdicts fresh,
    // so steady reconciles make no Kubernetes call.
    private Task JudgeUnknownAsync(IClusterConnection connection, IReadOnlyDictionary<ObjectRef, JsonObject> desired, string renderKey) =>
        JudgeUnknownAsync(connection, desired.Select(d => (d.Key, (JsonObject?)d.Value)), renderKey);

    // Objects Git no longer declares are judged for their health alone.
    private Task JudgeUnknownAsync(IClusterConnection connection, IEnumerable<ObjectRef> orphans, string renderKey) =>
        JudgeUnknownAsync(connection, orphans.Select(o => (o, (JsonObject?)null)), renderKey);

    private async Task JudgeUnknownAsync(IClusterConnection connection, IEnumerable<(ObjectRef Reference, JsonObject? Desired)> objects, string renderKey)
    {
        foreach (var (reference, desired) in objects)
        {
            if (!_verdicts.IsCurrent(reference, desired is not null, renderKey))
            {
                await TakeSlotAsync();
                _verdicts.Judge(reference, desired, await GetLiveAsync(connection, reference), renderKey, options.Value.FieldManager, time.GetUtcNow());
            }
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

    private Dictionary<ObjectRef, ObjectDiff> DiffsOf(Dictionary<ObjectRef, JsonObject> desired, string renderKey) =>
        desired.ToDictionary(d => d.Key, d => _verdicts.DiffOf(d.Key, renderKey) ?? ObjectDiff.NotCompared);

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

    private async Task<SyncRecord> SyncObjectsAsync(IClusterConnection connection, Dictionary<ObjectRef, JsonObject> desired,
        IReadOnlyList<ObjectRef> orphans, string commit, string renderKey, SyncTrigger trigger, bool prune)
    {
        await TakeSlotAsync();
        var started = time.GetUtcNow();
        // Whatever happens from here (even a cluster lost mid-sync) changes what is tracked: the publish writes it.
        _stateChanged = true;
        var applied = 0;
        var pruned = 0;
        string result = "Succeeded";
        string? message = null;
        try
        {
            foreach (var (reference, obj) in SyncOrder.ForApply(desired, d => (d.Key.ApiVersion, d.Key.Kind, d.Key.Namespace, d.Key.Name)))
            {
                var live = await ApplyWithRetryAsync(connection, obj);
                _verdicts.JudgeApplied(reference, obj, live, renderKey, time.GetUtcNow());
                if (!state.State.Tracked.Contains(reference))
                {
                    state.State.Tracked.Add(reference);
                }
                applied++;
            }
            if (prune && orphans.Count > 0)
            {
                pruned = await PruneAsync(connection, orphans, CancellationToken.None);
            }
            state.State.AppliedCommit = commit;
            state.State.AppliedRenderKey = renderKey;
        }
        catch (KubernetesApiException e)
        {
            result = "Failed";
            message = $"Applying failed after {applied} objects: {e.Message}";
        }
        var record = new SyncRecord
        {
            Id = state.State.NextSyncId++,
            Revision = commit,
            StartedAt = started,
            FinishedAt = time.GetUtcNow(),
            Result = result,
            InitiatedBy = trigger.InitiatedBy,
            Message = message,
            Applied = applied,
            Pruned = pruned,
        };
        state.State.History.Add(record);
        if (state.State.History.Count > options.Value.HistoryLimit)
        {
            state.State.History.RemoveRange(0, state.State.History.Count - options.Value.HistoryLimit);
        }
        return record;
    }

    // A custom resource applied right after its CRD waits until the API server serves its kind.
    private async Task<JsonObject> ApplyWithRetryAsync(IClusterConnection connection, JsonObject obj)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await connection.ApplyAsync(obj, options.Value.FieldManager, force: true, dryRun: false, CancellationToken.None);
            }
            catch (KubernetesApiException e) when (e.Code == 404 && e.Reason == "NotFound" && time.GetUtcNow() < deadline && !e.Message.Contains("namespaces", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private async Task<int> PruneAsync(IClusterConnection connection, IEnumerable<ObjectRef> references, CancellationToken cancellationToken)
    {
        var pruned = 0;
        foreach (var reference in SyncOrder.ForPrune(references.ToList(), r => (r.ApiVersion, r.Kind, r.Namespace, r.Name)))
        {
            await connection.DeleteAsync(reference.ApiVersion, reference.Kind, reference.Namespace, reference.Name, cancellationToken);
            state.State.Tracked.Remove(reference);
            _verdicts.Forget(reference);
            pruned++;
        }
        return pruned;
    }

    private InstanceStatus Assess(Dictionary<ObjectRef, JsonObject> desired, Dictionary<ObjectRef, ObjectDiff> diffs,
        IReadOnlyList<ObjectRef> orphans, string commit, List<Condition> conditions, InstanceSpec spec)
    {
        var resources = new List<ResourceStatus>();
        foreach (var (reference, _) in SyncOrder.ForApply(desired, d => (d.Key.ApiVersion, d.Key.Kind, d.Key.Namespace, d.Key.Name)))
        {
            var assessment = _verdicts.HealthOf(reference);
            var diff = diffs[reference];
            resources.Add(new ResourceStatus
            {
                ApiVersion = reference.ApiVersion,
                Kind = reference.Kind,
                Namespace = reference.Namespace,
                Name = reference.Name,
                Sync = diff.InSync ? SyncStatus.Synced : SyncStatus.OutOfSync,
                Health = assessment.Status,
                Message = assessment.Status == HealthStatus.Healthy ? null : assessment.Message,
                Reason = assessment.Status == HealthStatus.Healthy ? null : assessment.Reason,
                Diff = [.. diff.Differences.Select(d => $"{d.Path}: {d.Live ?? "(absent)"} -> {d.Desired ?? "(absent)"}")],
            });
        }
        foreach (var orphan in orphans)
        {
            resources.Add(new ResourceStatus
            {
                ApiVersion = orphan.ApiVersion,
                Kind = orphan.Kind,
                Namespace = orphan.Namespace,
                Name = orphan.Name,
                Sync = SyncStatus.OutOfSync,
                Health = _verdicts.HealthOf(orphan).Status,
                Message = spec.Source.SyncPolicy.Prune ? "Removed from Git; pruning." : "Removed from Git; prune is off, so it stays until a sync with prune.",
            });
        }
        var sync = resources.All(r => r.Sync == SyncStatus.Synced) ? SyncStatus.Synced : SyncStatus.OutOfSync;
        var health = HealthRules.Worst(resources.Where(r => desired.ContainsKey(new ObjectRef(r.ApiVersion, r.Kind, r.Namespace, r.Name))).Select(r => r.Health));
        if (sync == SyncStatus.OutOfSync)
        {
            var drifted = resources.Where(r => r.Sync == SyncStatus.OutOfSync).Select(r => $"{r.Kind}/{r.Name}").Take(5);
            var why = spec.Source.SyncPolicy.Automated ? (spec.Source.SyncPolicy.SelfHeal ? "Fleet is re-applying." : "selfHeal is off: sync to restore Git's state.") : "automated sync is off: sync to apply.";
            conditions.Add(NewCondition("OutOfSync", "True", "LiveDiffersFromGit", $"{string.Join(", ", drifted)} differ from Git at {Short(commit)}; {why}"));
        }
        if (health != HealthStatus.Healthy)
        {
            var worst = resources.FirstOrDefault(r => r.Health == health);
            conditions.Add(NewCondition("Healthy", "False", worst?.Reason ?? health.ToString(),
                worst is null ? $"The instance is {health}." : $"{worst.Kind}/{worst.Name} is {health}: {worst.Message}"));
        }
        if (state.State.Pin is { } pin)
        {
            conditions.Add(NewCondition("Pinned", "True", "RolledBack", $"Pinned at {pin.Revision} ({pin.Reason}); automated sync stays at this revision until unpinned."));
        }
        return new InstanceStatus
        {
            Revision = state.State.AppliedCommit ?? commit,
            Sync = sync,
            Health = health,
            Conditions = KeepTransitionTimes(conditions),
            Resources = resources,
        };
    }

    private InstanceStatus Unknown(List<Condition> conditions, string reason, string message)
    {
        conditions.Add(NewCondition("ClusterReachable", "False", reason, message));
        return state.State.Status with { Sync = SyncStatus.Unknown, Health = HealthStatus.Unknown, Conditions = KeepTransitionTimes(conditions) };
    }

    private Condition NewCondition(string type, string status, string reason, string message) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = time.GetUtcNow() };

    // A condition that holds as before keeps its transition time, so an unchanged status compares equal.
    private List<Condition> KeepTransitionTimes(List<Condition> conditions) =>
        [.. conditions.Select(c => state.State.Status.Conditions.FirstOrDefault(p => p.Type == c.Type && p.Status == c.Status && p.Reason == c.Reason && p.Message == c.Message) ?? c)];

    private static string ReasonOf(Exception e) => e switch
    {
        KubernetesApiException k => k.Reason,
        Git.GitException g => g.Reason,
        _ => e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal),
    };

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}
