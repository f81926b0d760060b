using System.Text.Json.Nodes;
using Fleet.Engine.Planning;
using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;
using static Fleet.Engine.Tests.Reconciliation.EngineFixture;

namespace Fleet.Engine.Tests.Reconciliation;

/// <summary>
/// Sync operations with hooks, step by step as the host would take them: each test plans, "carries out" by keeping
/// the plan's operation, moves the hooks' live state, and plans again.
/// </summary>
public sealed class SyncHookTests
{
    private static readonly SyncPolicy Automated = new() { Automated = true, Prune = true, SelfHeal = true };

    private static readonly ObjectRef Migrate = new("batch/v1", "Job", "shop", "migrate");
    private static readonly ObjectRef Smoke = new("batch/v1", "Job", "shop", "smoke-");
    private static readonly ObjectRef Rollback = new("batch/v1", "Job", "shop", "rollback");

    /// <summary>A render with a PreSync migration, a PostSync smoke test (generateName) and a SyncFail rollback.</summary>
    private sealed class HookedRender
    {
        public EngineFixture Fixture { get; } = new();
        public Dictionary<ObjectRef, JsonObject> Hooks { get; } = [];
        public SyncOperation? Operation { get; set; }

        public HookedRender()
        {
            Hooks[Migrate] = Job("migrate", null, ("argocd.argoproj.io/hook", "PreSync"));
            Hooks[Smoke] = Job(null, "smoke-", ("helm.sh/hook", "post-install,post-upgrade"), ("helm.sh/hook-delete-policy", "hook-succeeded"));
            Hooks[Rollback] = Job("rollback", null, ("fleet.dev/hook", "SyncFail"), ("fleet.dev/hook-delete-policy", "HookFailed"));
        }

        public ReconcileInput Input(SyncTrigger? trigger = null, bool renderChanged = true) =>
            Fixture.Input(Automated, trigger, renderChanged) with { Hooks = Hooks, Operation = Operation, Application = "shop" };

        /// <summary>Plans and keeps the operation, as the host does.</summary>
        public SyncPlan Plan(SyncTrigger? trigger = null, bool renderChanged = true)
        {
            var plan = ReconcilePlanner.Plan(Input(trigger, renderChanged), Fixture.Live);
            Operation = plan.Operation;
            return plan;
        }

        public void Live(ObjectRef job, string? condition) =>
            Fixture.Live.Judge(job, null, JobLive(job.Name, condition), RenderKey, FieldManager, Fixture.Now);
    }

    [Fact]
    public void Plan_NewRenderWithPreSyncHook_RunsTheHookBeforeAnyObject()
    {
        var render = new HookedRender();

        var plan = render.Plan();

        Assert.True(plan.Sync);
        Assert.Empty(plan.Apply);
        Assert.Equal([Migrate], plan.Hooks.Select(h => h.Live));
        Assert.Equal(OperationPhase.PreSync, plan.Operation!.Phase);
        Assert.Equal(1, plan.Operation.Id);
        Assert.False(plan.Complete);
    }

    [Fact]
    public void Plan_PreSyncHookRunning_WaitsAndAppliesNothing()
    {
        var render = new HookedRender();
        render.Plan();
        render.Live(Migrate, null);

        var plan = render.Plan();
        var status = ReconcileResults.Assess(render.Input(), render.Fixture.Live, null, null, new InstanceStatus(), render.Fixture.Now, null, plan.Operation, plan.Waiting);

        Assert.False(plan.Sync);
        Assert.Empty(plan.Apply);
        Assert.Contains("PreSync hook Job/migrate", plan.Waiting, StringComparison.Ordinal);
        Assert.Contains(status.Conditions, c => c.Type == ConditionTypes.SyncRunning && c.Message.Contains("Job/migrate", StringComparison.Ordinal));
        Assert.False(ConditionTypes.IsProblem(ConditionTypes.SyncRunning, "True"));
    }

    [Fact]
    public void Plan_PreSyncHookComplete_AppliesEveryObjectAndMovesToPostSync()
    {
        var render = new HookedRender();
        render.Plan();
        render.Live(Migrate, "Complete");

        var plan = render.Plan();

        Assert.True(plan.Sync);
        Assert.True(plan.Complete);
        Assert.Equal([Namespace, Settings, Web], plan.Apply);
        Assert.Empty(plan.Hooks);
        Assert.Equal(OperationPhase.PostSync, plan.Operation!.Phase);
    }

    [Fact]
    public void Plan_PostSync_WaitsForHealthyObjectsThenRunsTheGeneratedNameHookAndSucceeds()
    {
        var render = new HookedRender();
        render.Plan();
        render.Live(Migrate, "Complete");
        render.Plan();
        // Applied, not healthy yet: the Deployment has no status.
        render.Fixture.AllLiveAsDesired();
        render.Fixture.Live.Judge(Web, render.Fixture.Desired[Web], render.Fixture.Desired[Web], RenderKey, FieldManager, render.Fixture.Now);

        var waiting = render.Plan(renderChanged: false);
        render.Fixture.AllLiveAsDesired();
        var post = render.Plan(renderChanged: false);
        var smoke = Assert.Single(post.Hooks);
        render.Live(smoke.Live, "Complete");
        var ended = render.Plan(renderChanged: false);

        Assert.False(waiting.Sync);
        Assert.Contains("Deployment/web", waiting.Waiting, StringComparison.Ordinal);
        Assert.StartsWith("smoke-", smoke.Live.Name, StringComparison.Ordinal);
        Assert.Equal(SyncHooks.GeneratedName("smoke-", "shop", 1, HookPhase.PostSync, "Job"), smoke.Live.Name);
        Assert.Equal(HookPhase.PostSync, smoke.Phase);
        Assert.Equal(OperationPhase.Succeeded, ended.Operation!.Phase);
        Assert.False(ended.Sync);
        // hook-succeeded: the smoke test goes; the migration (BeforeHookCreation) stays until the next operation.
        Assert.Equal([smoke.Live], ended.HookDeletes);
    }

    [Fact]
    public void Plan_PreSyncHookFailed_RunsSyncFailAndFailsWithTheHooksReason()
    {
        var render = new HookedRender();
        render.Plan();
        render.Live(Migrate, "Failed");

        var plan = render.Plan();
        var record = ReconcileResults.Record(1, Commit, SyncTrigger.Automatic,
            new SyncOutcome { StartedAt = render.Fixture.Now, FinishedAt = render.Fixture.Now, Error = plan.Failure, HookFailed = true });
        var status = ReconcileResults.Assess(render.Input(), render.Fixture.Live, record, null, new InstanceStatus(), render.Fixture.Now, null, plan.Operation, plan.Waiting);

        Assert.True(plan.Sync);
        Assert.Empty(plan.Apply);
        Assert.Equal([Rollback], plan.Hooks.Select(h => h.Live));
        Assert.Equal(OperationPhase.SyncFail, plan.Operation!.Phase);
        Assert.Equal("PreSync hook Job/migrate failed: BackoffLimitExceeded: Job has reached the specified backoff limit.", plan.Failure);
        var synced = status.Conditions.Single(c => c.Type == ConditionTypes.Synced);
        Assert.Equal(("False", Reasons.HookFailed), (synced.Status, synced.Reason));
        Assert.Contains("Job/migrate failed: BackoffLimitExceeded", synced.Message, StringComparison.Ordinal);
        Assert.Equal(SyncResults.Failed, record.Result);
    }

    [Fact]
    public void Plan_SyncFailHookFailedToo_EndsFailedDeletesByPolicyAndIsNotRetriedAutomatically()
    {
        var render = new HookedRender();
        render.Plan();
        render.Live(Migrate, "Failed");
        render.Plan();
        render.Live(Rollback, "Failed");

        var ended = render.Plan();
        var after = render.Plan();
        var manual = render.Plan(new SyncTrigger(TriggerKind.Manual, "alice"));

        Assert.Equal(OperationPhase.Failed, ended.Operation!.Phase);
        Assert.False(ended.Sync);
        Assert.Equal([Rollback], ended.HookDeletes);
        Assert.False(after.Sync);
        Assert.Same(ended.Operation, after.Operation);
        Assert.Empty(after.HookDeletes);
        // A person starts a new operation: the migration (BeforeHookCreation) is replaced and runs again.
        Assert.Equal(2, manual.Operation!.Id);
        Assert.Contains(Migrate, manual.HookDeletes);
        Assert.Equal([Migrate], manual.Hooks.Select(h => h.Live));
    }

    [Fact]
    public void ApplyFailed_OperationRunsSyncFailNext()
    {
        var render = new HookedRender();
        render.Plan();
        render.Live(Migrate, "Complete");
        render.Plan();
        render.Operation = render.Operation!.ApplyFailed("apply of deployments.apps \"web\" failed: Invalid");

        var plan = render.Plan();

        Assert.Equal([Rollback], plan.Hooks.Select(h => h.Live));
        Assert.Null(plan.Failure);
        Assert.Equal(Reasons.SyncFailed, plan.Operation!.FailureReason);
    }

    [Fact]
    public void Plan_SyncHookInAWave_RunsWithItsWaveAndTheNextWaveWaitsForIt()
    {
        var render = new HookedRender();
        render.Hooks.Clear();
        var seed = new ObjectRef("batch/v1", "Job", "shop", "seed");
        render.Hooks[seed] = Job("seed", null, ("fleet.dev/hook", "Sync"), ("fleet.dev/sync-wave", "1"));
        render.Fixture.Desired[Settings]["metadata"]!["annotations"] = new JsonObject { ["fleet.dev/sync-wave"] = "2" };

        var first = render.Plan();
        render.Fixture.AllLiveAsDesired();
        render.Fixture.Live.Judge(Settings, render.Fixture.Desired[Settings], null, RenderKey, FieldManager, render.Fixture.Now);
        var second = render.Plan();
        render.Live(seed, null);
        var waiting = render.Plan();
        render.Live(seed, "Complete");
        var last = render.Plan();

        Assert.Equal([Namespace, Web], first.Apply);
        Assert.Empty(first.Hooks);
        Assert.Empty(second.Apply);
        Assert.Equal([seed], second.Hooks.Select(h => h.Live));
        Assert.False(waiting.Sync);
        Assert.Single(waiting.Operation!.Runs);
        Assert.Contains("sync wave 1", waiting.Waiting, StringComparison.Ordinal);
        Assert.True(last.Complete);
        Assert.Contains(Settings, last.Apply);
    }

    [Fact]
    public void Plan_HooksAreNeitherDriftNorPruned()
    {
        var render = new HookedRender();
        render.Fixture.AllLiveAsDesired();
        render.Operation = new SyncOperation { Id = 1, RenderKey = RenderKey, InitiatedBy = "auto", Phase = OperationPhase.Succeeded,
            Runs = [new HookRun(Migrate, Migrate, HookPhase.PreSync, HookDeletePolicy.BeforeHookCreation)] };
        render.Live(Migrate, "Complete");

        var plan = render.Plan(renderChanged: false);
        var status = ReconcileResults.Assess(render.Input(renderChanged: false), render.Fixture.Live, null, null, new InstanceStatus(), render.Fixture.Now, null, plan.Operation);

        Assert.False(plan.Sync);
        Assert.False(plan.OutOfSync);
        Assert.Empty(plan.Orphans);
        Assert.Equal(SyncStatus.Synced, status.Sync);
        Assert.DoesNotContain(status.Resources, r => r.Kind == "Job");
    }

    [Fact]
    public void Plan_RenderWithoutHooks_StartsNoOperation()
    {
        var fixture = new EngineFixture();

        var plan = ReconcilePlanner.Plan(fixture.Input(Automated, renderChanged: true), fixture.Live);

        Assert.Null(plan.Operation);
        Assert.True(plan.Complete);
    }

    [Theory]
    [InlineData("fleet.dev/hook", "PreSync", new[] { HookPhase.PreSync })]
    [InlineData("argocd.argoproj.io/hook", "PostSync,SyncFail", new[] { HookPhase.PostSync, HookPhase.SyncFail })]
    [InlineData("helm.sh/hook", "pre-install,pre-upgrade", new[] { HookPhase.PreSync })]
    [InlineData("helm.sh/hook", "post-install", new[] { HookPhase.PostSync })]
    [InlineData("helm.sh/hook", "test", new HookPhase[0])]
    [InlineData("argocd.argoproj.io/hook", "Skip", new HookPhase[0])]
    public void Read_PhasesOfFleetArgoAndHelm(string annotation, string value, HookPhase[] phases) =>
        Assert.Equal(phases, SyncHooks.Read(Job("x", null, (annotation, value)))!.Phases);

    [Fact]
    public void Read_WeightAndDeletePolicies()
    {
        var helm = SyncHooks.Read(Job("x", null, ("helm.sh/hook", "pre-install"), ("helm.sh/hook-weight", "-5"), ("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded")))!;
        var argo = SyncHooks.Read(Job("x", null, ("argocd.argoproj.io/hook", "Sync"), ("argocd.argoproj.io/sync-wave", "3")))!;

        Assert.Equal(-5, helm.Weight);
        Assert.Equal(HookDeletePolicy.BeforeHookCreation | HookDeletePolicy.HookSucceeded, helm.DeletePolicy);
        Assert.Equal(3, argo.Weight);
        Assert.Equal(HookDeletePolicy.BeforeHookCreation, argo.DeletePolicy);
        Assert.Null(SyncHooks.Read(Job("x", null)));
    }

    [Theory]
    [InlineData("fleet.dev/hook", "PreSink", "\"PreSink\" is not a hook phase")]
    [InlineData("argocd.argoproj.io/hook-delete-policy", "OnSuccess", "\"OnSuccess\" is not a hook delete policy")]
    public void Problem_UnknownPhaseOrPolicy_IsNamed(string annotation, string value, string expected) =>
        Assert.Contains(expected, SyncHooks.Problem(Job("x", null, ("fleet.dev/hook", "PreSync"), (annotation, value))), StringComparison.Ordinal);

    [Fact]
    public void GeneratedName_SameRunSameName_OtherOperationOrApplicationOtherName()
    {
        var name = SyncHooks.GeneratedName("migrate-", "shop", 4, HookPhase.PreSync, "Job");

        Assert.Equal(name, SyncHooks.GeneratedName("migrate-", "shop", 4, HookPhase.PreSync, "Job"));
        Assert.NotEqual(name, SyncHooks.GeneratedName("migrate-", "shop", 5, HookPhase.PreSync, "Job"));
        Assert.NotEqual(name, SyncHooks.GeneratedName("migrate-", "cart", 4, HookPhase.PreSync, "Job"));
        Assert.Matches("^migrate-[bcdfghjklmnpqrstvwxz2456789]{5}$", name);
        Assert.Equal(63, SyncHooks.GeneratedName(new string('a', 70), "shop", 1, HookPhase.PreSync, "Job").Length);
    }

    private static JsonObject Job(string? name, string? generateName, params (string Key, string Value)[] annotations)
    {
        var metadata = new JsonObject { ["namespace"] = "shop" };
        if (name is not null)
        {
            metadata["name"] = name;
        }
        if (generateName is not null)
        {
            metadata["generateName"] = generateName;
        }
        var notes = new JsonObject();
        foreach (var (key, value) in annotations)
        {
            notes[key] = value;
        }
        metadata["annotations"] = notes;
        return new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = metadata, ["spec"] = new JsonObject() };
    }

    // A Job as the cluster reports it: running (no condition), Complete or Failed.
    private static JsonObject JobLive(string name, string? condition)
    {
        var live = Job(name, null);
        live["metadata"]!["resourceVersion"] = "9";
        var conditions = new JsonArray();
        if (condition == "Complete")
        {
            conditions.Add(new JsonObject { ["type"] = "Complete", ["status"] = "True", ["reason"] = "CompletionsReached" });
        }
        if (condition == "Failed")
        {
            conditions.Add(new JsonObject
            {
                ["type"] = "Failed", ["status"] = "True", ["reason"] = "BackoffLimitExceeded", ["message"] = "Job has reached the specified backoff limit",
            });
        }
        live["status"] = new JsonObject { ["active"] = condition is null ? 1 : 0, ["conditions"] = conditions };
        return live;
    }
}
