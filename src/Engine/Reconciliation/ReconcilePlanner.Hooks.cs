using System.Text.Json.Nodes;
using Fleet.Engine.Live;
using Fleet.Engine.Planning;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Json;
using Fleet.Kubernetes.Objects;

namespace Fleet.Engine.Reconciliation;

/// <summary>
/// Sync operations with hooks. A render with hooks is synced by an operation that goes through its phases over as
/// many reconciles as its hooks and waves take: PreSync hooks run and complete before anything is applied, Sync hooks
/// run with their wave, PostSync hooks once every wave is applied and healthy, and SyncFail hooks when a hook or an
/// apply failed. Each step is planned from the operation as the host kept it and what is known of the hooks' live
/// objects, so a restarted host picks the operation up where it was and never runs a hook twice.
/// </summary>
public static partial class ReconcilePlanner
{
    // The operation this reconcile advances, or null when the plan is the ordinary one: a render without hooks, an
    // operation that succeeded (drift is healed without running hooks again) or nothing that starts one.
    private static SyncOperation? OperationToAdvance(ReconcileInput input)
    {
        var current = input.Operation is { } operation && operation.RenderKey == input.RenderKey ? operation : null;
        if (input.Hooks.Count > 0 && (input.Trigger.Manual || (current is null && input.RenderChanged && input.Policy.Automated)))
        {
            // A person asking for a sync starts a new operation, even over one in progress: they ask for one now.
            return new SyncOperation
            {
                Id = (input.Operation?.Id ?? 0) + 1,
                RenderKey = input.RenderKey,
                InitiatedBy = input.Trigger.InitiatedBy,
                Phase = OperationPhase.PreSync,
            };
        }
        // A failed operation is not retried on its own: its hooks may have done half their work. It stays failed (and
        // says why) until a new commit or a person starts another.
        return current is { Phase: not OperationPhase.Succeeded } ? current : null;
    }

    private static SyncPlan AdvanceOperation(ReconcileInput input, LiveVerdicts live, SyncPlan idle, SyncOperation operation)
    {
        if (operation.Finished)
        {
            // A failed operation stays as it ended; its status says why.
            return idle with { Operation = operation };
        }
        // A new operation first deletes what the previous one left behind to be replaced (BeforeHookCreation).
        IReadOnlyList<ObjectRef> replaced = input.Operation is { } previous && previous.Id != operation.Id
            ? [.. previous.Runs.Where(r => r.DeletePolicy.HasFlag(HookDeletePolicy.BeforeHookCreation)).Select(r => r.Live).Distinct()]
            : [];
        var reason = operation.InitiatedBy == SyncTrigger.Automatic.InitiatedBy ? Reasons.RevisionChanged : Reasons.ManualSync;
        idle = idle with { HookDeletes = replaced, Complete = false, Reason = reason };
        string? failure = null;
        while (true)
        {
            var step = operation.Phase switch
            {
                OperationPhase.Sync => SyncPhaseStep(input, live, idle, operation),
                OperationPhase.PostSync when WaitBeforePostSync(input, live, operation) is { } wait => wait,
                OperationPhase.PreSync or OperationPhase.PostSync or OperationPhase.SyncFail => PhaseStep(input, live, operation),
                _ => null,
            };
            switch (step)
            {
                case null:
                    return Ended(idle, live, operation, failure);
                case { Failed: { } run }:
                    failure = $"{run.Phase} hook {run.Live.Kind}/{run.Live.Name} failed: {FailureOf(live, run)}";
                    operation = operation with { Phase = OperationPhase.SyncFail, Failure = failure, FailureReason = Reasons.HookFailed };
                    continue;
                case { Plan: { } plan }:
                    return plan with { Sync = true };
                case { Start.Count: > 0 }:
                    return idle with
                    {
                        Sync = true,
                        Hooks = step.Start,
                        Operation = operation with { Runs = [.. operation.Runs, .. step.Start] },
                        Failure = failure,
                    };
                case { Waiting: { } what }:
                    return idle with { Operation = operation, Waiting = what };
                default:
                    operation = operation with { Phase = Next(operation.Phase) };
                    continue;
            }
        }
    }

    /// <summary>One step of an operation: hooks to start, a plan of the Sync phase, what it waits for, or the hook that failed; all empty when the phase is done.</summary>
    private sealed record HookStep(IReadOnlyList<HookRun>? Start = null, string? Waiting = null, HookRun? Failed = null, SyncPlan? Plan = null)
    {
        public IReadOnlyList<HookRun> Start { get; init; } = Start ?? [];
    }

    private static OperationPhase Next(OperationPhase phase) => phase switch
    {
        OperationPhase.PreSync => OperationPhase.Sync,
        OperationPhase.Sync => OperationPhase.PostSync,
        OperationPhase.PostSync => OperationPhase.Succeeded,
        _ => OperationPhase.Failed,
    };

    private static HookPhase PhaseOf(OperationPhase phase) => phase switch
    {
        OperationPhase.PreSync => HookPhase.PreSync,
        OperationPhase.PostSync => HookPhase.PostSync,
        _ => HookPhase.SyncFail,
    };

    // The hooks of a PreSync, PostSync or SyncFail phase, by weight: a weight's hooks start together once every hook of
    // the weights before it completed. A SyncFail hook that fails ends its phase as well: the sync failed already.
    private static HookStep? PhaseStep(ReconcileInput input, LiveVerdicts live, SyncOperation operation)
    {
        var phase = PhaseOf(operation.Phase);
        foreach (var weight in HooksOf(input, operation, phase).GroupBy(h => h.Weight).OrderBy(g => g.Key))
        {
            var runs = weight.Select(h => (h.Run, Started: operation.Runs.Contains(h.Run))).ToList();
            if (runs.Where(r => !r.Started).Select(r => r.Run).ToList() is { Count: > 0 } start)
            {
                return new HookStep(Start: start);
            }
            if (phase != HookPhase.SyncFail && runs.FirstOrDefault(r => live.HealthOf(r.Run.Live).Status == HealthStatus.Degraded) is { Run: { } failed })
            {
                return new HookStep(Failed: failed);
            }
            if (runs.FirstOrDefault(r => !Finished(live, r.Run.Live, phase)) is { Run: { } running })
            {
                return new HookStep(Waiting: $"{phase} hook {running.Live.Kind}/{running.Live.Name} to complete");
            }
        }
        return new HookStep();
    }

    private static bool Finished(LiveVerdicts live, ObjectRef hook, HookPhase phase) =>
        Done(live, hook) || (phase == HookPhase.SyncFail && live.HealthOf(hook).Status == HealthStatus.Degraded);

    // The Sync phase: the waves, with each Sync hook in its wave; the last wave's plan completes the phase.
    private static HookStep SyncPhaseStep(ReconcileInput input, LiveVerdicts live, SyncPlan idle, SyncOperation operation)
    {
        var hooks = HooksOf(input, operation, HookPhase.Sync).Select(h => new WaveHook(h.Weight, h.Run, operation.Runs.Contains(h.Run))).ToList();
        var wave = NextWave(input, live, idle.Diffs, hooks);
        var started = operation with { Runs = [.. operation.Runs, .. wave.Start] };
        return wave switch
        {
            { Failed: { } failed } => new HookStep(Failed: failed),
            { Waiting: { } waiting } => new HookStep(Waiting: $"sync wave {waiting} to become healthy"),
            { Last: false } => new HookStep(Plan: WavePlan(input, idle, wave) with { Operation = started }),
            _ => new HookStep(Plan: CompletePlan(input, idle) with
            {
                Hooks = wave.Start, Operation = started with { Phase = OperationPhase.PostSync }, Complete = true,
            }),
        };
    }

    // PostSync hooks wait until every object and every Sync hook is healthy; a Sync hook that failed fails the sync.
    private static HookStep? WaitBeforePostSync(ReconcileInput input, LiveVerdicts live, SyncOperation operation)
    {
        var syncRuns = operation.Runs.Where(r => r.Phase == HookPhase.Sync).ToList();
        if (syncRuns.FirstOrDefault(r => live.HealthOf(r.Live).Status == HealthStatus.Degraded) is { } failed)
        {
            return new HookStep(Failed: failed);
        }
        var notDone = input.Desired.Keys.Concat(syncRuns.Select(r => r.Live)).Where(r => !Done(live, r))
            .OrderBy(r => r.ToString(), StringComparer.Ordinal).FirstOrDefault();
        return notDone is null ? null : new HookStep(Waiting: $"{notDone.Kind}/{notDone.Name} to become healthy before the PostSync hooks run");
    }

    // The operation ended (Succeeded, or Failed once its SyncFail hooks finished): the hooks whose delete policy
    // matches how they ended go now. A hook still running when its phase failed beside it is left alone.
    private static SyncPlan Ended(SyncPlan idle, LiveVerdicts live, SyncOperation operation, string? failure)
    {
        var ended = operation with { Phase = operation.Failure is null ? OperationPhase.Succeeded : OperationPhase.Failed };
        var deleted = ended.Runs.Where(r => (r.DeletePolicy.HasFlag(HookDeletePolicy.HookSucceeded) && Done(live, r.Live))
            || (r.DeletePolicy.HasFlag(HookDeletePolicy.HookFailed) && live.HealthOf(r.Live).Status == HealthStatus.Degraded)).Select(r => r.Live);
        return idle with
        {
            Operation = ended,
            // The sync that found the failure records it, even when no SyncFail hook had to start.
            Sync = failure is not null,
            Failure = failure,
            Complete = true,
            HookDeletes = [.. idle.HookDeletes.Concat(deleted).Distinct()],
        };
    }

    // The hooks of a phase with the run each would be in this operation: generated names are derived per operation.
    private static IEnumerable<(int Weight, HookRun Run)> HooksOf(ReconcileInput input, SyncOperation operation, HookPhase phase)
    {
        foreach (var (reference, obj) in input.Hooks.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal))
        {
            if (SyncHooks.Read(obj) is { } hook && hook.Phases.Contains(phase))
            {
                yield return (hook.Weight, new HookRun(reference, LiveRef(input, operation, reference, obj, phase), phase, hook.DeletePolicy));
            }
        }
    }

    /// <summary>The object a hook's run creates: the hook itself, or a name derived per operation for a generateName hook.</summary>
    public static ObjectRef LiveRef(ReconcileInput input, SyncOperation operation, ObjectRef hook, JsonObject obj, HookPhase phase) =>
        string.IsNullOrEmpty(JsonScan.String(obj, "metadata", "name")) && JsonScan.String(obj, "metadata", "generateName") is { Length: > 0 } generateName
            ? hook with { Name = SyncHooks.GeneratedName(generateName, input.Application, operation.Id, phase, hook.Kind) }
            : hook;

    private static string FailureOf(LiveVerdicts live, HookRun run)
    {
        var health = live.HealthOf(run.Live);
        return string.IsNullOrEmpty(health.Message) ? health.Reason : $"{health.Reason}: {health.Message}";
    }

    // Hooks of the operation in progress that the engine knows nothing of (a restarted host, a resync that forgot
    // what was still running): read before planning, so that the step follows what they did meanwhile.
    private static IEnumerable<ObjectRef> UnjudgedHooks(ReconcileInput input, LiveVerdicts live) =>
        input.Operation is { Finished: false } operation && operation.RenderKey == input.RenderKey
            ? operation.Runs.Select(r => r.Live).Distinct().Where(r => !live.IsCurrent(r, desired: false, input.RenderKey))
            : [];
}
