using Fleet.Engine.Diff;
using Fleet.Engine.Live;
using Fleet.Engine.Planning;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Reconciliation;

/// <summary>
/// The decisions before a sync: whether a reconcile has anything to do, which live objects it must read first, and
/// the <see cref="SyncPlan"/>. Pure: the host reads and writes the cluster, the planner only decides.
/// </summary>
public static class ReconcilePlanner
{
    /// <summary>
    /// True when the reconcile would find what the last complete one found (same commit and render, every verdict
    /// kept, no watch event waiting) and may stop at once: a resync of a fleet at rest costs no Kubernetes call.
    /// A person asking for a sync always gets one.
    /// </summary>
    public static bool IsSettled(SyncTrigger trigger, Settlement? settledOn, string commit, string renderKey, LiveVerdicts live) =>
        !trigger.Manual && settledOn == new Settlement(commit, renderKey) && live.AllJudged;

    /// <summary>
    /// True when this reconcile applies the desired objects whatever the comparison says: a person asked for a sync,
    /// or a new render under an automated policy. The apply answers with the live objects, so only objects Fleet has
    /// not applied for this instance yet are read first: whose they are decides whether Fleet may take them.
    /// </summary>
    public static bool AppliesAnyway(ReconcileInput input) => input.Trigger.Manual || (input.RenderChanged && input.Policy.Automated);

    /// <summary>The objects to read before planning: those with no verdict for this render (when it matters).</summary>
    public static IReadOnlyList<ObjectRef> ReadsBeforePlan(ReconcileInput input, LiveVerdicts live)
    {
        var unjudged = Unjudged(input, live);
        IEnumerable<ObjectRef> desired = AppliesAnyway(input) ? unjudged.Where(d => !input.Tracked.Contains(d)) : unjudged;
        return [.. desired, .. input.Orphans().Where(o => !live.IsCurrent(o, desired: false, input.RenderKey))];
    }

    /// <summary>
    /// Desired objects that live as another application's (its label names it) and that this instance never applied:
    /// Fleet does not take them over, so the other application never loses them.
    /// </summary>
    public static IReadOnlyList<OwnershipConflict> Conflicts(ReconcileInput input, LiveVerdicts live) =>
        [.. input.Desired.Keys
            .Where(d => !input.Tracked.Contains(d))
            .Select(d => (Object: d, Owner: live.ForeignOwner(d)))
            .Where(c => c.Owner is not null)
            .OrderBy(c => c.Object.ToString(), StringComparer.Ordinal)
            .Select(c => new OwnershipConflict(c.Object, c.Owner!))];

    /// <summary>The desired objects a sync did not reach (it stopped before them): read so the status tells how far it got.</summary>
    public static IReadOnlyList<ObjectRef> ReadsAfterSync(ReconcileInput input, LiveVerdicts live) => Unjudged(input, live);

    /// <summary>Decides whether to sync and what: the heart of the sync policy.</summary>
    public static SyncPlan Plan(ReconcileInput input, LiveVerdicts live)
    {
        var policy = input.Policy;
        var diffs = Diffs(input, live);
        var orphans = input.Orphans();
        var outOfSync = diffs.Values.Any(d => !d.InSync) || (policy.Prune && orphans.Any(o => !input.Kept.Contains(o)));
        // A person asking for a sync always gets one (and a history record), even when nothing seems to differ.
        var sync = input.Trigger.Manual || (outOfSync || input.RenderChanged) && (AppliesAnyway(input) || (policy.Automated && policy.SelfHeal));
        var conflicts = Conflicts(input, live);
        if (!sync || conflicts.Count > 0)
        {
            // Nothing of a sync that would take over another application's objects is applied.
            return new SyncPlan
            {
                Diffs = diffs, Orphans = orphans, OutOfSync = outOfSync, RenderChanged = input.RenderChanged, Sync = false, Conflicts = conflicts,
            };
        }
        // A person asking for a sync asks for Git's state, orphans gone included.
        var prune = policy.Prune || input.Trigger.Prune;
        if (NextWave(input, live, diffs) is { } wave)
        {
            return wave.Objects.Count == 0
                ? new SyncPlan
                {
                    Diffs = diffs, Orphans = orphans, OutOfSync = outOfSync, RenderChanged = input.RenderChanged, Sync = false,
                    Complete = false, WaitingForWave = wave.Waiting,
                }
                : new SyncPlan
                {
                    Diffs = diffs,
                    Orphans = orphans,
                    OutOfSync = outOfSync,
                    RenderChanged = input.RenderChanged,
                    Sync = true,
                    Reason = input.Trigger.Manual ? Reasons.ManualSync : input.RenderChanged ? Reasons.RevisionChanged : Reasons.SelfHeal,
                    Apply = [.. SyncOrder.ForApply(wave.Objects, Identity)],
                    Complete = false,
                };
        }
        return new SyncPlan
        {
            Diffs = diffs,
            Orphans = orphans,
            OutOfSync = outOfSync,
            RenderChanged = input.RenderChanged,
            Sync = true,
            Reason = input.Trigger.Manual ? Reasons.ManualSync : input.RenderChanged ? Reasons.RevisionChanged : Reasons.SelfHeal,
            Apply = [.. SyncOrder.ForApply(input.Desired.Keys, Identity)],
            Prune = prune ? [.. SyncOrder.ForPrune(orphans.Where(o => !input.Kept.Contains(o)), Identity)] : [],
            Release = [.. orphans.Where(input.Kept.Contains)],
        };
    }

    // With several sync waves: the first wave that differs from Git, when a later one differs too (the last wave that
    // differs is applied by the complete plan, with the prune). Null when the plan can be complete. A wave waits while
    // an object of an earlier wave is not healthy yet: then no objects, and the wave waited for.
    private static (IReadOnlyList<ObjectRef> Objects, int? Waiting)? NextWave(ReconcileInput input, LiveVerdicts live,
        IReadOnlyDictionary<ObjectRef, ObjectDiff> diffs)
    {
        var waves = input.Desired.GroupBy(d => SyncOptions.Wave(d.Value), d => d.Key).OrderBy(w => w.Key).ToList();
        var differing = waves.Where(w => w.Any(r => !diffs[r].InSync)).ToList();
        if (waves.Count < 2 || differing.Count == 0)
        {
            return null;
        }
        var first = differing[0];
        foreach (var earlier in waves.TakeWhile(w => w.Key < first.Key))
        {
            if (earlier.Any(r => live.HealthOf(r).Status is not (HealthStatus.Healthy or HealthStatus.Suspended)))
            {
                return ([], earlier.Key);
            }
        }
        return differing.Count == 1 ? null : ([.. first], null);
    }

    /// <summary>How each desired object compares; one not compared yet counts as differing, so the instance is not Synced.</summary>
    public static IReadOnlyDictionary<ObjectRef, ObjectDiff> Diffs(ReconcileInput input, LiveVerdicts live) =>
        input.Desired.Keys.ToDictionary(k => k, k => live.DiffOf(k, input.RenderKey) ?? ObjectDiff.NotCompared);

    /// <summary>The order to delete objects in when an instance is retired: everything it tracks, dependents first.</summary>
    public static IReadOnlyList<ObjectRef> RetireOrder(IEnumerable<ObjectRef> tracked, IReadOnlyCollection<ObjectRef> kept) =>
        SyncOrder.ForPrune(tracked.Where(t => !kept.Contains(t)), Identity);

    internal static (string ApiVersion, string Kind, string? Namespace, string Name) Identity(ObjectRef r) => (r.ApiVersion, r.Kind, r.Namespace, r.Name);

    private static List<ObjectRef> Unjudged(ReconcileInput input, LiveVerdicts live) =>
        [.. input.Desired.Keys.Where(d => !live.IsCurrent(d, desired: true, input.RenderKey))];
}

/// <summary>A desired object that lives as another application's.</summary>
public sealed record OwnershipConflict(ObjectRef Object, string Owner);

/// <summary>The commit and render a complete reconcile judged, when it left nothing to retry.</summary>
public sealed record Settlement(string Commit, string RenderKey);
