using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Kubernetes.Objects;
using static Fleet.Engine.Tests.Reconciliation.EngineFixture;

namespace Fleet.Engine.Tests.Reconciliation;

/// <summary>The sync decision over the policy matrix: automated x self-heal x prune x trigger x render x live state.</summary>
public sealed class ReconcilePlannerTests
{
    public enum LiveState { AsDesired, Drifted, Missing, DriftedWithOrphan, AsDesiredWithOrphan }

    /// <summary>One row: the policy, the trigger, whether the render changed and the live state; then what the plan must be.</summary>
    public sealed record Row(bool Automated, bool SelfHeal, bool Prune, TriggerKind Trigger, bool RenderChanged, LiveState Live,
        bool Sync, string? Reason, int Applied, int Pruned, bool OutOfSync);

    public static TheoryData<Row> Matrix => new()
    {
        // A new render: an automated policy applies it whatever the live state; without one it waits for a person.
        new Row(true, true, true, TriggerKind.Automatic, true, LiveState.AsDesired, true, Reasons.RevisionChanged, 3, 0, false),
        new Row(true, false, false, TriggerKind.Automatic, true, LiveState.AsDesired, true, Reasons.RevisionChanged, 3, 0, false),
        new Row(false, false, false, TriggerKind.Automatic, true, LiveState.AsDesired, false, null, 0, 0, false),
        new Row(false, false, false, TriggerKind.Automatic, true, LiveState.Drifted, false, null, 0, 0, true),
        // Drift on the applied render: healed only with selfHeal.
        new Row(true, true, false, TriggerKind.Automatic, false, LiveState.Drifted, true, Reasons.SelfHeal, 3, 0, true),
        new Row(true, false, false, TriggerKind.Automatic, false, LiveState.Drifted, false, null, 0, 0, true),
        new Row(true, true, true, TriggerKind.Automatic, false, LiveState.Missing, true, Reasons.SelfHeal, 3, 0, true),
        new Row(true, false, true, TriggerKind.Automatic, false, LiveState.Missing, false, null, 0, 0, true),
        new Row(true, true, true, TriggerKind.Automatic, false, LiveState.AsDesired, false, null, 0, 0, false),
        // Orphans: out of sync only where the policy prunes; a person's sync prunes them only when asked to (below).
        new Row(true, true, true, TriggerKind.Automatic, false, LiveState.AsDesiredWithOrphan, true, Reasons.SelfHeal, 3, 1, true),
        new Row(true, true, false, TriggerKind.Automatic, false, LiveState.AsDesiredWithOrphan, false, null, 0, 0, false),
        new Row(false, false, false, TriggerKind.Manual, false, LiveState.DriftedWithOrphan, true, Reasons.ManualSync, 3, 0, true),
        new Row(false, false, true, TriggerKind.Manual, false, LiveState.DriftedWithOrphan, true, Reasons.ManualSync, 3, 1, true),
        // A person's sync applies Git's objects whatever the policy, also when nothing seems to differ.
        new Row(false, false, false, TriggerKind.Manual, false, LiveState.Drifted, true, Reasons.ManualSync, 3, 0, true),
        new Row(false, false, false, TriggerKind.Manual, false, LiveState.AsDesired, true, Reasons.ManualSync, 3, 0, false),
        new Row(false, false, false, TriggerKind.Rollback, true, LiveState.AsDesired, true, Reasons.ManualSync, 3, 0, false),
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Plan_PolicyTriggerAndLiveState_DecidesTheSync(Row row)
    {
        var fixture = Arrange(row.Live);
        var input = fixture.Input(new SyncPolicy { Automated = row.Automated, Prune = row.Prune, SelfHeal = row.SelfHeal },
            new SyncTrigger(row.Trigger, "alice"), row.RenderChanged);

        var plan = ReconcilePlanner.Plan(input, fixture.Live);

        Assert.Equal(row, row with
        {
            Sync = plan.Sync, Reason = plan.Reason, Applied = plan.Apply.Count, Pruned = plan.Prune.Count, OutOfSync = plan.OutOfSync,
        });
        Assert.Equal(row.RenderChanged, plan.RenderChanged);
    }

    [Theory]
    [InlineData(TriggerKind.Manual)]
    [InlineData(TriggerKind.Rollback)]
    public void Plan_PersonAsksToPrune_PrunesWhereThePolicyDoesNot(TriggerKind kind)
    {
        var fixture = Arrange(LiveState.DriftedWithOrphan);

        var plan = ReconcilePlanner.Plan(fixture.Input(new SyncPolicy(), new SyncTrigger(kind, "alice") { Prune = true }), fixture.Live);

        Assert.True(plan.Sync);
        Assert.Single(plan.Prune);
    }

    [Fact]
    public void Plan_Sync_AppliesNamespacesFirstAndPrunesOnlyOrphans()
    {
        var fixture = Arrange(LiveState.DriftedWithOrphan);

        var plan = ReconcilePlanner.Plan(fixture.Input(new SyncPolicy { Automated = true, SelfHeal = true, Prune = true }), fixture.Live);

        Assert.Equal([Namespace, Settings, Web], plan.Apply);
        Assert.Equal([Dropped], plan.Prune);
        Assert.Equal([Dropped], plan.Orphans);
    }

    [Fact]
    public void Plan_OrphanAppliedWithPruneFalse_IsReleasedNotDeleted()
    {
        var fixture = Arrange(LiveState.DriftedWithOrphan);
        fixture.Kept.Add(Dropped);

        var plan = ReconcilePlanner.Plan(fixture.Input(new SyncPolicy { Automated = true, SelfHeal = true, Prune = true }), fixture.Live);

        Assert.True(plan.Sync);
        Assert.Empty(plan.Prune);
        Assert.Equal([Dropped], plan.Release);
    }

    [Fact]
    public void Plan_OnlyAKeptOrphan_IsNotOutOfSync()
    {
        var fixture = Arrange(LiveState.AsDesiredWithOrphan);
        fixture.Kept.Add(Dropped);

        var plan = ReconcilePlanner.Plan(fixture.Input(new SyncPolicy { Automated = true, SelfHeal = true, Prune = true }), fixture.Live);

        Assert.False(plan.OutOfSync);
        Assert.False(plan.Sync);
    }

    [Fact]
    public void RetireOrder_LeavesKeptObjects()
    {
        var order = ReconcilePlanner.RetireOrder([Namespace, Settings, Web], new HashSet<ObjectRef> { Namespace });

        Assert.Equal([Web, Settings], order);
    }

    [Fact]
    public void Plan_DriftOnTheAppliedRender_IsDriftButANewRenderIsNot()
    {
        var policy = new SyncPolicy { Automated = true };
        var drifted = Arrange(LiveState.Drifted);

        Assert.True(ReconcilePlanner.Plan(drifted.Input(policy), drifted.Live).Drifted);
        Assert.False(ReconcilePlanner.Plan(drifted.Input(policy, renderChanged: true), drifted.Live).Drifted);
    }

    [Fact]
    public void Plan_ObjectNeverCompared_CountsAsDiffering()
    {
        var fixture = new EngineFixture();

        var plan = ReconcilePlanner.Plan(fixture.Input(new SyncPolicy()), fixture.Live);

        Assert.True(plan.OutOfSync);
        Assert.All(plan.Diffs.Values, d => Assert.False(d.InSync));
    }

    [Fact]
    public void ReadsBeforePlan_NewRenderThatAppliesAnyway_ReadsOnlyOrphans()
    {
        var fixture = new EngineFixture();
        fixture.Tracked.Add(Dropped);

        var reads = ReconcilePlanner.ReadsBeforePlan(fixture.Input(new SyncPolicy { Automated = true }, renderChanged: true), fixture.Live);

        Assert.Equal([Dropped], reads);
    }

    [Fact]
    public void ReadsBeforePlan_ManualSync_ReadsOnlyObjectsNotAppliedYet()
    {
        var fixture = new EngineFixture();
        fixture.Tracked.Remove(Web);

        var reads = ReconcilePlanner.ReadsBeforePlan(fixture.Input(new SyncPolicy(), new SyncTrigger(TriggerKind.Manual, "alice")), fixture.Live);

        Assert.Equal([Web], reads);
    }

    [Fact]
    public void Plan_ObjectOfAnotherApplication_IsNotTakenOverAndNothingIsApplied()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        fixture.Tracked.Remove(Settings);
        var theirs = ConfigMap("blue");
        theirs["metadata"]!["labels"]!["fleet.dev/application"] = "guestbook";
        fixture.Live.Judge(Settings, fixture.Desired[Settings], theirs, RenderKey, FieldManager, fixture.Now);

        var plan = ReconcilePlanner.Plan(fixture.Input(new SyncPolicy { Automated = true, SelfHeal = true }, new SyncTrigger(TriggerKind.Manual, "alice"), renderChanged: true), fixture.Live);

        Assert.False(plan.Sync);
        Assert.Empty(plan.Apply);
        Assert.Equal([new OwnershipConflict(Settings, "guestbook")], plan.Conflicts);
    }

    [Fact]
    public void Plan_ObjectThisInstanceApplied_RelabelledByHand_IsHealedNotRefused()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        var relabelled = ConfigMap("blue");
        relabelled["metadata"]!["labels"]!["fleet.dev/application"] = "someone-else";
        fixture.Live.Judge(Settings, fixture.Desired[Settings], relabelled, RenderKey, FieldManager, fixture.Now);

        var plan = ReconcilePlanner.Plan(fixture.Input(new SyncPolicy { Automated = true, SelfHeal = true }), fixture.Live);

        Assert.Empty(plan.Conflicts);
        Assert.True(plan.Sync);
    }

    [Fact]
    public void ReadsBeforePlan_NothingJudged_ReadsEveryDesiredObject()
    {
        var fixture = new EngineFixture();

        var reads = ReconcilePlanner.ReadsBeforePlan(fixture.Input(new SyncPolicy { Automated = true }), fixture.Live);

        Assert.Equal(fixture.Desired.Keys.OrderBy(r => r.ToString()), reads.OrderBy(r => r.ToString()));
    }

    [Fact]
    public void ReadsBeforePlan_EverythingJudged_ReadsNothing()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();

        Assert.Empty(ReconcilePlanner.ReadsBeforePlan(fixture.Input(new SyncPolicy()), fixture.Live));
    }

    [Fact]
    public void IsSettled_SameCommitAndRenderWithEveryVerdictKept_SkipsUnlessAPersonAsks()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        var settled = new Settlement(Commit, RenderKey);

        Assert.True(ReconcilePlanner.IsSettled(SyncTrigger.Automatic, settled, Commit, RenderKey, fixture.Live));
        Assert.False(ReconcilePlanner.IsSettled(new SyncTrigger(TriggerKind.Manual, "alice"), settled, Commit, RenderKey, fixture.Live));
        Assert.False(ReconcilePlanner.IsSettled(SyncTrigger.Automatic, settled, "another-commit", RenderKey, fixture.Live));
        Assert.False(ReconcilePlanner.IsSettled(SyncTrigger.Automatic, null, Commit, RenderKey, fixture.Live));

        // A watch event waiting to be judged unsettles the instance.
        fixture.Live.Arrived(Settings, ConfigMap("red"));
        Assert.False(ReconcilePlanner.IsSettled(SyncTrigger.Automatic, settled, Commit, RenderKey, fixture.Live));
    }

    private static EngineFixture Arrange(LiveState live)
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        return live switch
        {
            LiveState.Drifted => fixture.SettingsDrifted(),
            LiveState.Missing => fixture.WebMissing(),
            LiveState.DriftedWithOrphan => fixture.SettingsDrifted().WithOrphan(),
            LiveState.AsDesiredWithOrphan => fixture.WithOrphan(),
            _ => fixture,
        };
    }
}
