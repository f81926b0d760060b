using Fleet.Engine.Diff;
using Fleet.Engine.Health;
using Fleet.Engine.Live;
using Fleet.Engine.Planning;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Reconciliation;

/// <summary>
/// The decisions after a reconcile: the history record of a sync, and the instance's resulting sync status, health,
/// resources and conditions, each condition with a reason and a sentence a person can act on. Pure: the clock's
/// reading comes in as <c>now</c>, the previous status keeps the transition times of conditions that still hold.
/// </summary>
public static class ReconcileResults
{
    /// <summary>The history record of a sync the host carried out.</summary>
    public static SyncRecord Record(long id, string commit, SyncTrigger trigger, SyncOutcome outcome) => new()
    {
        Id = id,
        Revision = commit,
        StartedAt = outcome.StartedAt,
        FinishedAt = outcome.FinishedAt,
        Result = outcome.Succeeded ? SyncResults.Succeeded : SyncResults.Failed,
        InitiatedBy = trigger.InitiatedBy,
        Message = outcome.Error is null ? null
            : outcome.HookFailed ? $"The sync failed: {outcome.Error}"
            : $"Applying failed after {outcome.Applied} objects: {outcome.Error}",
        Applied = outcome.Applied,
        Pruned = outcome.Pruned,
    };

    /// <summary>The sentence of a completed sync, shared by the Synced condition and the SyncSucceeded event.</summary>
    public static string Succeeded(SyncRecord record) =>
        $"Applied {record.Applied} objects and pruned {record.Pruned} at revision {Short(record.Revision)}.";

    /// <summary>
    /// The status after a complete reconcile: one resource per desired object in sync order, then the orphans; the
    /// instance is Synced when every resource is, and as healthy as its worst desired object.
    /// </summary>
    /// <param name="input">The reconcile's input, with <see cref="ReconcileInput.Tracked"/> as it is after the sync.</param>
    /// <param name="live">What is known of the live objects after the sync.</param>
    /// <param name="sync">The record of the sync this reconcile ran, if it ran one.</param>
    /// <param name="appliedCommit">The commit last applied; the status names it while the instance stays on it.</param>
    /// <param name="previous">The status before this reconcile.</param>
    /// <param name="now">The clock's reading for new conditions.</param>
    /// <param name="waitingForWave">The sync wave whose objects must become healthy before the next is applied, if any.</param>
    /// <param name="operation">The sync operation with hooks as the plan left it, if any.</param>
    /// <param name="waiting">What that operation waits for (<see cref="SyncPlan.Waiting"/>), if anything.</param>
    public static InstanceStatus Assess(ReconcileInput input, LiveVerdicts live, SyncRecord? sync, string? appliedCommit,
        InstanceStatus previous, DateTimeOffset now, int? waitingForWave = null, SyncOperation? operation = null, string? waiting = null)
    {
        var conditions = new List<Condition>();
        operation = operation?.RenderKey == input.RenderKey ? operation : null;
        if (operation is { Failure: { } failure })
        {
            // The operation's failure (the hook and its message) stays the sync's status until another operation runs.
            conditions.Add(New(ConditionTypes.Synced, "False", operation.FailureReason ?? Reasons.SyncFailed, $"The sync failed: {failure}", now));
        }
        else if (sync is not null)
        {
            conditions.Add(sync.Result == SyncResults.Succeeded
                ? New(ConditionTypes.Synced, "True", Reasons.SyncSucceeded, Succeeded(sync), now)
                : New(ConditionTypes.Synced, "False", Reasons.SyncFailed, sync.Message ?? "The sync failed.", now));
        }
        var conflicts = ReconcilePlanner.Conflicts(input, live);
        if (conflicts.Count > 0)
        {
            conditions.Add(New(ConditionTypes.Synced, "False", Reasons.OwnedByAnotherApplication, Refused(conflicts, input.Commit), now));
        }
        var diffs = ReconcilePlanner.Diffs(input, live);
        var resources = new List<ResourceStatus>();
        foreach (var reference in SyncOrder.ForApply(input.Desired.Keys, ReconcilePlanner.Identity))
        {
            var assessment = live.HealthOf(reference);
            var diff = diffs[reference];
            var healthy = assessment.Status == HealthStatus.Healthy;
            resources.Add(new ResourceStatus
            {
                ApiVersion = reference.ApiVersion,
                Kind = reference.Kind,
                Namespace = reference.Namespace,
                Name = reference.Name,
                Sync = diff.InSync ? SyncStatus.Synced : SyncStatus.OutOfSync,
                Health = assessment.Status,
                Message = conflicts.FirstOrDefault(c => c.Object == reference) is { } conflict
                    ? $"Belongs to application {conflict.Owner}; Fleet does not take it over."
                    : healthy ? null : assessment.Message,
                Reason = healthy ? null : assessment.Reason,
                // Secret values never leave the engine: viewers read diffs, and may not read Secrets.
                Diff = [.. diff.Differences.Select(d => SecretValues.Line(d, SecretValues.IsSecret(reference.ApiVersion, reference.Kind)))],
            });
        }
        var desiredHealth = HealthRules.Worst(resources.Select(r => r.Health));
        foreach (var orphan in input.Orphans())
        {
            resources.Add(Orphan(orphan, live, input.Policy, input.Kept.Contains(orphan)));
        }
        var instanceSync = resources.All(r => r.Sync == SyncStatus.Synced) ? SyncStatus.Synced : SyncStatus.OutOfSync;
        if (instanceSync == SyncStatus.OutOfSync)
        {
            conditions.Add(OutOfSync(resources, input, now, waitingForWave, operation is { Finished: false } ? waiting : null));
        }
        if (desiredHealth != HealthStatus.Healthy)
        {
            var worst = resources.FirstOrDefault(r => r.Health == desiredHealth);
            conditions.Add(New(ConditionTypes.Healthy, "False", worst?.Reason ?? desiredHealth.ToString(),
                worst is null ? $"The instance is {desiredHealth}." : $"{worst.Kind}/{worst.Name} is {desiredHealth}: {worst.Message}", now));
        }
        if (operation is { Finished: false } && waiting is not null)
        {
            conditions.Add(New(ConditionTypes.SyncRunning, "True", Reasons.WaitingForHook,
                $"The sync operation started by {operation.InitiatedBy} ({operation.Phase}) waits for {waiting}.", now));
        }
        if (input.Pin is { } pin)
        {
            conditions.Add(New(ConditionTypes.Pinned, "True", Reasons.RolledBack,
                $"Pinned at {pin.Revision} ({pin.Reason}); automated sync stays at this revision until unpinned.", now));
        }
        return new InstanceStatus
        {
            Revision = appliedCommit ?? input.Commit,
            Sync = instanceSync,
            Health = desiredHealth,
            Conditions = KeepTransitionTimes(conditions, previous),
            Resources = resources,
        };
    }

    /// <summary>A revision that cannot be rendered: nothing of it is applied, the last applied objects stay as they are.</summary>
    public static InstanceStatus RenderFailed(InstanceStatus previous, string commit, IEnumerable<string> errors, DateTimeOffset now) =>
        previous with
        {
            Sync = SyncStatus.Unknown,
            Conditions = KeepTransitionTimes([New(ConditionTypes.RenderFailed, "True", Reasons.InvalidManifests,
                $"Revision {Short(commit)} cannot be rendered, so nothing of it was applied: {string.Join(" ", errors)}", now)], previous),
        };

    /// <summary>
    /// A revision whose objects (or whose repository or cluster) the application's project does not allow: nothing
    /// of it is applied or pruned, the last applied objects stay as they are, and the condition names each refused
    /// object with the rule it breaks.
    /// </summary>
    public static InstanceStatus NotPermitted(InstanceStatus previous, string commit, IReadOnlyList<string> violations, DateTimeOffset now)
    {
        var named = string.Join("; ", violations.Take(5)) + (violations.Count > 5 ? $"; and {violations.Count - 5} more" : "");
        return previous with
        {
            Sync = SyncStatus.Unknown,
            Conditions = KeepTransitionTimes([New(ConditionTypes.Synced, "False", Reasons.NotPermittedByProject,
                $"Nothing of revision {Short(commit)} was applied: its project does not allow {named}.", now)], previous),
        };
    }

    /// <summary>A cluster that cannot be reached (or is not registered): sync and health are unknown, the reason says why.</summary>
    public static InstanceStatus Unreachable(InstanceStatus previous, string reason, string message, DateTimeOffset now) =>
        previous with
        {
            Sync = SyncStatus.Unknown,
            Health = HealthStatus.Unknown,
            Conditions = KeepTransitionTimes([New(ConditionTypes.ClusterReachable, "False", reason, message, now)], previous),
        };

    /// <summary>A reconcile stopped by an error that is neither the cluster's nor the render's.</summary>
    public static InstanceStatus Failed(InstanceStatus previous, string reason, string message, DateTimeOffset now) =>
        previous with
        {
            Sync = SyncStatus.Unknown,
            Conditions = KeepTransitionTimes([New(ConditionTypes.ReconcileFailed, "True", reason, message, now)], previous),
        };

    private static string Refused(IReadOnlyList<OwnershipConflict> conflicts, string commit)
    {
        var named = string.Join(", ", conflicts.Take(5).Select(c => $"{c.Object} belongs to application {c.Owner}"));
        return $"Nothing of revision {Short(commit)} was applied: {named}. Fleet does not take over objects another " +
            "application manages; remove them from one of the two applications.";
    }

    private static ResourceStatus Orphan(ObjectRef orphan, LiveVerdicts live, SyncPolicy policy, bool kept) => new()
    {
        ApiVersion = orphan.ApiVersion,
        Kind = orphan.Kind,
        Namespace = orphan.Namespace,
        Name = orphan.Name,
        // An object Git dropped that must never be deleted is as Git wants it: left alone.
        Sync = kept ? SyncStatus.Synced : SyncStatus.OutOfSync,
        Health = live.HealthOf(orphan).Status,
        Message = kept ? "Removed from Git; Prune=false, so Fleet leaves it in the cluster and stops tracking it at the next sync."
            : policy.Prune ? "Removed from Git; pruning." : "Removed from Git; prune is off, so it stays until a sync with prune.",
    };

    private static Condition OutOfSync(List<ResourceStatus> resources, ReconcileInput input, DateTimeOffset now, int? waitingForWave, string? waiting)
    {
        var drifted = resources.Where(r => r.Sync == SyncStatus.OutOfSync).Select(r => $"{r.Kind}/{r.Name}").Take(5);
        var policy = input.Policy;
        var why = waiting is not null ? $"the sync operation waits for {waiting}."
            : waitingForWave is { } wave ? $"sync wave {wave} is not healthy yet; the next wave follows once it is."
            : policy.Automated ? (policy.SelfHeal ? "Fleet is re-applying." : "selfHeal is off: sync to restore Git's state.")
            : "automated sync is off: sync to apply.";
        return New(ConditionTypes.OutOfSync, "True", Reasons.LiveDiffersFromGit,
            $"{string.Join(", ", drifted)} differ from Git at {Short(input.Commit)}; {why}", now);
    }

    private static Condition New(string type, string status, string reason, string message, DateTimeOffset now) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = now };

    // A condition that holds as before keeps its transition time, so an unchanged status compares equal.
    private static List<Condition> KeepTransitionTimes(List<Condition> conditions, InstanceStatus previous) =>
        [.. conditions.Select(c => previous.Conditions.FirstOrDefault(c.Holds) ?? c)];

    /// <summary>A commit as people read it: its first twelve characters.</summary>
    // A SHA is shortened; a chart version (6.5.3, 7.0.0-rc.1+build.5) is shown whole.
    public static string Short(string commit) => commit.All(char.IsAsciiHexDigit) ? commit[..Math.Min(12, commit.Length)] : commit;
}
