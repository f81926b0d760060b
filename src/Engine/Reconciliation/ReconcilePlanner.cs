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
public static partial class ReconcilePlanner
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
        return [.. desired, .. input.Orphans().Where(o => !live.IsCurrent(o, desired: false, input.RenderKey)), .. UnjudgedHooks(input, live)];
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
        var idle = new SyncPlan
        {
            Diffs = diffs, Orphans = orphans, OutOfSync = outOfSync, RenderChanged = input.RenderChanged, Sync = false, Conflicts = conflicts,
            Operation = input.Operation,
        };
        if (conflicts.Count > 0)
        {
            // Nothing of a sync that would take over another application's objects is applied.
            return idle;
        }
        if (OperationToAdvance(input) is { } operation)
        {
            return AdvanceOperation(input, live, idle, operation);
        }
        if (!sync)
        {
            return idle;
        }
        var wave = NextWave(input, live, diffs, []);
        return wave.Waiting is { } waiting ? idle with { Complete = false, WaitingForWave = waiting }
            : !wave.Last ? WavePlan(input, idle, wave)
            : CompletePlan(input, idle);
    }

    private static string SyncReason(ReconcileInput input) =>
        input.Trigger.Manual ? Reasons.ManualSync : input.RenderChanged ? Reasons.RevisionChanged : Reasons.SelfHeal;

    // One wave of several: the plan applies it and leaves the later ones to the next reconcile.
    private static SyncPlan WavePlan(ReconcileInput input, SyncPlan idle, WaveStep wave) => idle with
    {
        Sync = true,
        Reason = idle.Reason ?? SyncReason(input),
        Apply = [.. SyncOrder.ForApply(wave.Objects, Identity)],
        Hooks = wave.Start,
        Complete = false,
    };

    // Every desired object applied, and the orphans pruned where the policy or the person asking says so.
    private static SyncPlan CompletePlan(ReconcileInput input, SyncPlan idle)
    {
        var prune = input.Policy.Prune || input.Trigger.Prune;
        return idle with
        {
            Sync = true,
            Reason = idle.Reason ?? SyncReason(input),
            Apply = [.. SyncOrder.ForApply(input.Desired.Keys, Identity)],
            Prune = prune ? [.. SyncOrder.ForPrune(idle.Orphans.Where(o => !input.Kept.Contains(o)), Identity)] : [],
            Release = [.. idle.Orphans.Where(input.Kept.Contains)],
        };
    }

    /// <summary>A Sync-phase hook in its wave, and whether the operation started it already.</summary>
    private sealed record WaveHook(int Wave, HookRun Run, bool Started);

    /// <summary>
    /// The next step through the sync waves: the objects and hooks of the first wave that differs from Git, and
    /// whether it is the last such wave (then the complete plan applies everything and prunes). A wave waits while an
    /// object or hook of an earlier wave is not healthy yet (<see cref="Waiting"/>); a hook of an earlier wave that
    /// failed fails the sync (<see cref="Failed"/>).
    /// </summary>
    private sealed record WaveStep(IReadOnlyList<ObjectRef> Objects, IReadOnlyList<HookRun> Start, bool Last, int? Waiting = null, HookRun? Failed = null);

    private static WaveStep NextWave(ReconcileInput input, LiveVerdicts live, IReadOnlyDictionary<ObjectRef, ObjectDiff> diffs, IReadOnlyList<WaveHook> hooks)
    {
        var objects = input.Desired.Select(d => (Wave: SyncOptions.Wave(d.Value), Reference: d.Key)).ToList();
        var waves = objects.Select(o => o.Wave).Concat(hooks.Select(h => h.Wave)).Distinct().Order().ToList();
        var differing = waves.Where(w => objects.Any(o => o.Wave == w && !diffs[o.Reference].InSync) || hooks.Any(h => h.Wave == w && !h.Started)).ToList();
        if (differing.Count == 0)
        {
            return new WaveStep([], [], Last: true);
        }
        var first = differing[0];
        foreach (var earlier in waves.TakeWhile(w => w < first))
        {
            var started = hooks.Where(h => h.Wave == earlier && h.Started).Select(h => h.Run).ToList();
            if (started.FirstOrDefault(r => live.HealthOf(r.Live).Status == HealthStatus.Degraded) is { } failed)
            {
                return new WaveStep([], [], Last: false, Failed: failed);
            }
            if (objects.Where(o => o.Wave == earlier).Select(o => o.Reference).Concat(started.Select(r => r.Live)).Any(r => !Done(live, r)))
            {
                return new WaveStep([], [], Last: false, Waiting: earlier);
            }
        }
        var start = hooks.Where(h => h.Wave == first && !h.Started).Select(h => h.Run).ToList();
        return new WaveStep([.. objects.Where(o => o.Wave == first).Select(o => o.Reference)], start, Last: differing.Count == 1);
    }

    // Healthy, or suspended on purpose: what a wave and a phase wait for.
    private static bool Done(LiveVerdicts live, ObjectRef reference) =>
        live.HealthOf(reference).Status is HealthStatus.Healthy or HealthStatus.Suspended;

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
