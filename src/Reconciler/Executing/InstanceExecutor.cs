using System.Text.Json.Nodes;
using Fleet.Engine.Planning;
using Fleet.Engine.Reconciliation;
using Fleet.Kubernetes.Json;
using Fleet.Kubernetes.Objects;
using Fleet.Reconciler.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Fleet.Reconciler.Executing;

/// <summary>
/// Carries out what the engine decided for one instance against its cluster: reads the objects it has no verdict on,
/// applies (or replaces) in the planned order, runs hooks, prunes and deletes hooks, and keeps the
/// <see cref="InstanceLedger"/> up to date as it goes. The decisions are the engine's (ReconcilePlanner); gathering
/// the inputs, persisting and publishing stay with the host, so the control plane's grain and an agent in the
/// cluster carry out a plan the same way.
/// </summary>
/// <param name="connection">The instance's cluster.</param>
/// <param name="ledger">What the instance tracks, keeps and knows live; edited in place.</param>
/// <param name="application">The application the objects are labelled for: prune deletes only its own.</param>
/// <param name="fieldManager">The field manager Fleet applies as.</param>
/// <param name="enterCluster">
/// Awaited before the requests a quiet reconcile would not make (reads, hook deletes, a sync): the grain takes its
/// silo's reconcile slot there, once per reconcile.
/// </param>
/// <param name="time">The clock of verdicts, deadlines and the sync record.</param>
/// <param name="logger">Where skipped prunes are told.</param>
public sealed partial class InstanceExecutor(
    IClusterConnection connection,
    InstanceLedger ledger,
    string application,
    string fieldManager,
    Func<Task> enterCluster,
    TimeProvider time,
    ILogger logger)
{
    // How long an object being deleted, or a kind not served yet, is waited for, and how often it is asked after.
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Carries out the plan: applies in order, runs the hooks, then prunes; stops at the first object the cluster
    /// refuses (its message becomes the outcome's error). Any other failure (a cluster lost mid-sync) is thrown, with
    /// the ledger as far as the sync got.
    /// </summary>
    /// <param name="plan">The engine's sync plan (ReconcilePlanner.Plan).</param>
    /// <param name="input">What the plan was made from: the desired objects and hooks, the render and the trigger.</param>
    /// <param name="ignoreDifferences">The instance's rules of fields left to the cluster.</param>
    public async Task<SyncCarriedOut> CarryOutAsync(SyncPlan plan, ReconcileInput input, IReadOnlyList<IgnoreDifference> ignoreDifferences)
    {
        await enterCluster();
        var started = Now;
        var applied = 0;
        var pruned = 0;
        string? error = null;
        try
        {
            foreach (var reference in plan.Apply)
            {
                var desired = await WithoutIgnoredManagersAsync(reference, input.Desired[reference], ignoreDifferences);
                var written = SyncOptions.Replace(desired) ? await ReplaceAsync(reference, desired) : await ApplyWithRetryAsync(desired);
                ledger.Verdicts.JudgeApplied(reference, desired, written, input.RenderKey, Now);
                if (!ledger.Tracked.Contains(reference))
                {
                    ledger.Tracked.Add(reference);
                }
                if (SyncOptions.NoPrune(desired))
                {
                    ledger.Kept.Add(reference);
                }
                else
                {
                    ledger.Kept.Remove(reference);
                }
                applied++;
            }
            foreach (var run in plan.Hooks)
            {
                await RunHookAsync(run, input, plan.Operation!.Id);
                applied++;
            }
            pruned = await PruneAsync(plan.Prune, CancellationToken.None);
            if (!plan.Complete)
            {
                // One wave of several: the render counts as applied once the last wave is.
                return CarriedOut(applied, pruned, null, renderApplied: false);
            }
            foreach (var released in plan.Release)
            {
                ledger.Tracked.Remove(released);
                ledger.Kept.Remove(released);
                ledger.Verdicts.Forget(released);
            }
            return CarriedOut(applied, pruned, null, renderApplied: true);
        }
        catch (KubernetesApiException e)
        {
            error = e.Message;
        }
        return CarriedOut(applied, pruned, error, renderApplied: false);

        SyncCarriedOut CarriedOut(int applied, int pruned, string? error, bool renderApplied)
        {
            // A hook that failed fails the sync whatever this step applied; the apply's own error comes first.
            var outcome = new SyncOutcome
            {
                StartedAt = started, FinishedAt = Now, Applied = applied, Pruned = pruned, Error = error ?? plan.Failure,
                HookFailed = error is null && plan.Failure is not null,
            };
            return new SyncCarriedOut(outcome, renderApplied);
        }
    }

    /// <summary>
    /// Reads the objects the engine has no verdict on and judges each against the desired object: once per activation
    /// (or after the safety resync), and after a new render for instances that do not sync it at once; from then on
    /// the watch keeps the verdicts fresh.
    /// </summary>
    public async Task ReadAsync(IReadOnlyList<ObjectRef> references, ReconcileInput input)
    {
        foreach (var reference in references)
        {
            await enterCluster();
            var live = await GetLiveAsync(reference);
            ledger.Verdicts.Judge(reference, input.Desired.GetValueOrDefault(reference), live, input.RenderKey, fieldManager, Now);
        }
    }

    /// <summary>Deletes hook objects (absent ones are no error); hooks are not tracked, so nothing else changes.</summary>
    public async Task DeleteHooksAsync(IReadOnlyList<ObjectRef> hooks)
    {
        foreach (var hook in hooks)
        {
            await enterCluster();
            try
            {
                await connection.DeleteAsync(hook.ApiVersion, hook.Kind, hook.Namespace, hook.Name, CancellationToken.None);
            }
            catch (KubernetesApiException e) when (e.Code == 404)
            {
                // The kind is gone from the cluster: so is the hook.
            }
            ledger.Verdicts.Forget(hook);
        }
    }

    /// <summary>
    /// Deletes objects in the order given (the engine's prune order) and stops tracking each one. Each object is read
    /// first and deleted only while it is still this application's, under the UID read (PruneGuard says why).
    /// </summary>
    /// <returns>How many objects were deleted.</returns>
    public async Task<int> PruneAsync(IReadOnlyList<ObjectRef> ordered, CancellationToken cancellationToken)
    {
        var pruned = 0;
        foreach (var reference in ordered)
        {
            var live = await connection.GetAsync(reference.ApiVersion, reference.Kind, reference.Namespace, reference.Name, cancellationToken);
            var decision = PruneGuard.Decide(live, application);
            if (decision.Action == PruneAction.Delete && await DeleteIfUnchangedAsync(reference, decision.Uid, cancellationToken))
            {
                pruned++;
            }
            else if (decision.Action == PruneAction.NotOurs)
            {
                LogPruneSkipped(logger, reference.ToString(), application, decision.Owner ?? "nobody");
            }
            ledger.Tracked.Remove(reference);
            ledger.Verdicts.Forget(reference);
        }
        return pruned;
    }

    // Creates one run of a hook: named for the run, marked with its operation and phase. A run found marked already
    // was created before a restart and is followed, not created twice; an object left by an earlier operation is
    // deleted first, since a Job cannot be changed into another run.
    private async Task RunHookAsync(HookRun run, ReconcileInput input, long operation)
    {
        var hook = input.Hooks[run.Hook].DeepClone().AsObject();
        var metadata = hook["metadata"]!.AsObject();
        metadata["name"] = run.Live.Name;
        metadata.Remove("generateName");
        var annotations = metadata["annotations"] as JsonObject ?? [];
        var mark = SyncHooks.OperationMark(operation, run.Phase);
        annotations[SyncHooks.OperationAnnotation] = mark;
        metadata["annotations"] = annotations;
        var existing = await GetLiveAsync(run.Live);
        if (existing is not null && JsonScan.String(existing, "metadata", "annotations", SyncHooks.OperationAnnotation) == mark)
        {
            ledger.Verdicts.Judge(run.Live, null, existing, input.RenderKey, fieldManager, Now);
            return;
        }
        if (existing is not null)
        {
            await DeleteHooksAsync([run.Live]);
            await WaitUntilGoneAsync(run.Live);
        }
        ledger.Verdicts.Judge(run.Live, null, await ApplyWithRetryAsync(hook), input.RenderKey, fieldManager, Now);
    }

    // A deleted Job goes once its pods are gone; creating its next run before then would meet the old one.
    private async Task WaitUntilGoneAsync(ObjectRef reference)
    {
        var deadline = Now + WaitLimit;
        while (await GetLiveAsync(reference) is not null)
        {
            if (Now > deadline)
            {
                throw new KubernetesApiException(409, "AlreadyExists",
                    $"{reference.Kind}/{reference.Name} is still being deleted after 30 seconds; Fleet creates it again once it is gone.");
            }
            await Task.Delay(PollInterval);
        }
    }

    // Fields an ignored field manager owns (an autoscaler's replicas) are left out of the apply, or Fleet would take
    // them back: the live object says who owns what, so it is read first, for the objects such a rule covers only.
    private async Task<JsonObject> WithoutIgnoredManagersAsync(ObjectRef reference, JsonObject desired, IReadOnlyList<IgnoreDifference> rules)
    {
        if (!rules.Any(r => r.ManagedFieldsManagers.Count > 0 && r.Covers(reference)))
        {
            return desired;
        }
        return IgnoreDifference.WithoutManagedFields(desired, await GetLiveAsync(reference), reference, rules, fieldManager);
    }

    // Replace=true: the whole object is written (PUT) in place of the live one, or created when absent. An update the
    // server refuses (an immutable field such as a Job's template or a Service's clusterIP) is done as kubectl
    // replace --force does it: the object is deleted and created again.
    private async Task<JsonObject> ReplaceAsync(ObjectRef reference, JsonObject desired)
    {
        if (await GetLiveAsync(reference) is not { } live)
        {
            return await connection.CreateAsync(desired, fieldManager, CancellationToken.None);
        }
        try
        {
            return await connection.UpdateAsync(desired, JsonScan.String(live, "metadata", "resourceVersion"), fieldManager, CancellationToken.None);
        }
        catch (KubernetesApiException e) when (e.Code == 422)
        {
            await connection.DeleteAsync(reference.ApiVersion, reference.Kind, reference.Namespace, reference.Name, CancellationToken.None);
            await WaitUntilGoneAsync(reference);
            return await connection.CreateAsync(desired, fieldManager, CancellationToken.None);
        }
    }

    // A custom resource applied right after its CRD waits until the API server serves its kind.
    private async Task<JsonObject> ApplyWithRetryAsync(JsonObject obj)
    {
        var deadline = Now + WaitLimit;
        while (true)
        {
            try
            {
                return await connection.ApplyAsync(obj, fieldManager, force: true, dryRun: false, CancellationToken.None);
            }
            catch (KubernetesApiException e) when (e.Code == 404 && e.Reason == "NotFound" && Now < deadline && !e.Message.Contains("namespaces", StringComparison.Ordinal))
            {
                await Task.Delay(PollInterval);
            }
        }
    }

    // False when the object was replaced after it was read (the UID precondition failed): it is not ours to delete.
    private async Task<bool> DeleteIfUnchangedAsync(ObjectRef reference, string? uid, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.DeleteAsync(reference.ApiVersion, reference.Kind, reference.Namespace, reference.Name, cancellationToken, uid);
        }
        catch (KubernetesApiException e) when (e.Code == 409 && uid is not null)
        {
            LogPruneSkipped(logger, reference.ToString(), application, "an object made after Fleet read it");
            return false;
        }
    }

    private async Task<JsonObject?> GetLiveAsync(ObjectRef reference)
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

    [LoggerMessage(EventId = 409, Level = LogLevel.Warning, Message = "Prune of {Object} skipped: it is no longer application {Application}'s but {Owner}'s; Fleet stops tracking it")]
    private static partial void LogPruneSkipped(ILogger logger, string @object, string application, string owner);
}
