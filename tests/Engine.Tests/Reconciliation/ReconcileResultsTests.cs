using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using static Fleet.Engine.Tests.Reconciliation.EngineFixture;

namespace Fleet.Engine.Tests.Reconciliation;

/// <summary>The status, health, conditions and history record the engine gives each outcome of a reconcile.</summary>
public sealed class ReconcileResultsTests
{
    private static readonly SyncPolicy SelfHealing = new() { Automated = true, SelfHeal = true, Prune = true };
    private static readonly SyncTrigger Alice = new(TriggerKind.Manual, "alice");

    [Fact]
    public void Assess_EverythingAsDesired_IsSyncedAndHealthyWithoutConditions()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();

        var status = ReconcileResults.Assess(fixture.Input(SelfHealing), fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);

        Assert.Equal(SyncStatus.Synced, status.Sync);
        Assert.Equal(HealthStatus.Healthy, status.Health);
        Assert.Empty(status.Conditions);
        Assert.Equal(["Namespace/shop", "ConfigMap/shop/settings", "Deployment/shop/web"],
            status.Resources.Select(r => r.Namespace is null ? $"{r.Kind}/{r.Name}" : $"{r.Kind}/{r.Namespace}/{r.Name}"));
    }

    [Fact]
    public void Assess_AfterASuccessfulSync_SaysWhatWasAppliedAtWhichRevision()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        var record = ReconcileResults.Record(7, Commit, Alice, new SyncOutcome { StartedAt = fixture.Now, FinishedAt = fixture.Now, Applied = 3, Pruned = 1 });

        var status = ReconcileResults.Assess(fixture.Input(SelfHealing), fixture.Live, record, Commit, new InstanceStatus(), fixture.Now);

        Assert.Equal(SyncResults.Succeeded, record.Result);
        Assert.Equal("alice", record.InitiatedBy);
        var synced = Assert.Single(status.Conditions);
        Assert.Equal((ConditionTypes.Synced, "True", Reasons.SyncSucceeded), (synced.Type, synced.Status, synced.Reason));
        Assert.Equal("Applied 3 objects and pruned 1 at revision 0123456789ab.", synced.Message);
    }

    [Fact]
    public void Assess_ApplyFailedPartway_RecordsHowFarItGotAndStaysOutOfSync()
    {
        // The sync applied the Namespace and the ConfigMap, then the cluster refused the Deployment (never compared).
        var fixture = new EngineFixture();
        fixture.AllLiveAsDesired();
        fixture.Live.Forget(Web);
        var outcome = new SyncOutcome
        {
            StartedAt = fixture.Now, FinishedAt = fixture.Now.AddSeconds(1), Applied = 2,
            Error = "Deployment \"web\" in namespace \"shop\": admission webhook denied the request",
        };

        var record = ReconcileResults.Record(8, Commit, SyncTrigger.Automatic, outcome);
        var status = ReconcileResults.Assess(fixture.Input(SelfHealing), fixture.Live, record, null, new InstanceStatus(), fixture.Now);

        Assert.Equal(SyncResults.Failed, record.Result);
        Assert.Equal("Applying failed after 2 objects: Deployment \"web\" in namespace \"shop\": admission webhook denied the request", record.Message);
        Assert.Equal(SyncStatus.OutOfSync, status.Sync);
        var synced = status.Conditions.Single(c => c.Type == ConditionTypes.Synced);
        Assert.Equal(("False", Reasons.SyncFailed, record.Message), (synced.Status, synced.Reason, synced.Message));
        Assert.Contains(status.Conditions, c => c.Type == ConditionTypes.OutOfSync && c.Message.Contains("Deployment/web", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, false, "Fleet is re-applying.")]
    [InlineData(true, true, "selfHeal is off: sync to restore Git's state.")]
    [InlineData(false, false, "automated sync is off: sync to apply.")]
    public void Assess_DeletedObject_IsMissingAndTheOutOfSyncConditionSaysWhatHappensNext(bool automated, bool selfHealOff, string next)
    {
        var fixture = new EngineFixture().AllLiveAsDesired().WebMissing();
        var policy = new SyncPolicy { Automated = automated, SelfHeal = automated && !selfHealOff };

        var status = ReconcileResults.Assess(fixture.Input(policy), fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);

        Assert.Equal(HealthStatus.Missing, status.Health);
        var healthy = status.Conditions.Single(c => c.Type == ConditionTypes.Healthy);
        Assert.Equal("False", healthy.Status);
        Assert.StartsWith("Deployment/web is Missing", healthy.Message, StringComparison.Ordinal);
        var outOfSync = status.Conditions.Single(c => c.Type == ConditionTypes.OutOfSync);
        Assert.EndsWith(next, outOfSync.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_OrphanWithPruneOff_IsListedOutOfSyncAndSaysWhy()
    {
        var fixture = new EngineFixture().AllLiveAsDesired().WithOrphan();

        var status = ReconcileResults.Assess(fixture.Input(new SyncPolicy { Automated = true }), fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);

        Assert.Equal(SyncStatus.OutOfSync, status.Sync);
        Assert.Equal(HealthStatus.Healthy, status.Health);
        var orphan = status.Resources.Single(r => r.Name == "dropped");
        Assert.Equal("Removed from Git; prune is off, so it stays until a sync with prune.", orphan.Message);
    }

    [Fact]
    public void Assess_Pinned_SaysWhereAndWhy()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        var pin = new Pin { Revision = "v1.2.0", Reason = "rolled back to v1.2.0 by alice", By = "alice", Since = fixture.Now };

        var status = ReconcileResults.Assess(fixture.Input(SelfHealing, pin: pin), fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);

        var pinned = Assert.Single(status.Conditions);
        Assert.Equal((ConditionTypes.Pinned, "True", Reasons.RolledBack), (pinned.Type, pinned.Status, pinned.Reason));
        Assert.Contains("v1.2.0", pinned.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ConditionThatStillHolds_KeepsItsTransitionTime()
    {
        var fixture = new EngineFixture().AllLiveAsDesired().WebMissing();
        var input = fixture.Input(new SyncPolicy());
        var first = ReconcileResults.Assess(input, fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);
        var since = fixture.Now;

        fixture.Advance(TimeSpan.FromMinutes(3));
        var again = ReconcileResults.Assess(input, fixture.Live, null, Commit, first, fixture.Now);
        fixture.SettingsDrifted();
        var changed = ReconcileResults.Assess(input, fixture.Live, null, Commit, again, fixture.Now);

        Assert.True(first.SameAs(again));
        Assert.All(again.Conditions, c => Assert.Equal(since, c.LastTransitionTime));
        Assert.Equal(fixture.Now, changed.Conditions.Single(c => c.Type == ConditionTypes.OutOfSync).LastTransitionTime);
        Assert.Equal(since, changed.Conditions.Single(c => c.Type == ConditionTypes.Healthy).LastTransitionTime);
    }

    [Fact]
    public void Assess_ObjectOfAnotherApplication_SaysWhoOwnsItAndThatNothingWasApplied()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        fixture.Tracked.Clear();
        var theirs = ConfigMap("blue");
        theirs["metadata"]!["labels"]!["fleet.dev/application"] = "guestbook";
        fixture.Live.Judge(Settings, fixture.Desired[Settings], theirs, RenderKey, FieldManager, fixture.Now);

        var status = ReconcileResults.Assess(fixture.Input(SelfHealing), fixture.Live, null, null, new InstanceStatus(), fixture.Now);

        var refused = status.Conditions.Single(c => c.Type == ConditionTypes.Synced);
        Assert.Equal(("False", Reasons.OwnedByAnotherApplication), (refused.Status, refused.Reason));
        Assert.Contains("ConfigMap/shop/settings belongs to application guestbook", refused.Message, StringComparison.Ordinal);
        Assert.True(ConditionTypes.IsProblem(refused.Type, refused.Status));
        Assert.Equal("Belongs to application guestbook; Fleet does not take it over.", status.Resources.Single(r => r.Name == "settings").Message);
    }

    [Fact]
    public void RenderFailed_KeepsHealthAndSaysNothingWasApplied()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        var before = ReconcileResults.Assess(fixture.Input(SelfHealing), fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);

        var status = ReconcileResults.RenderFailed(before, Commit, ["web.yaml:3: mapping values are not allowed here."], fixture.Now);

        Assert.Equal(SyncStatus.Unknown, status.Sync);
        Assert.Equal(HealthStatus.Healthy, status.Health);
        var failed = Assert.Single(status.Conditions);
        Assert.Equal((ConditionTypes.RenderFailed, "True", Reasons.InvalidManifests), (failed.Type, failed.Status, failed.Reason));
        Assert.Equal("Revision 0123456789ab cannot be rendered, so nothing of it was applied: web.yaml:3: mapping values are not allowed here.", failed.Message);
    }

    [Fact]
    public void NotPermitted_NamesEveryRefusedObjectAndItsRuleAndKeepsHealth()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        var before = ReconcileResults.Assess(fixture.Input(SelfHealing), fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);
        string[] refused = ["ClusterRoleBinding/admin (cluster-scoped kind rbac.authorization.k8s.io/ClusterRoleBinding is not in project shop's clusterResources)"];

        var status = ReconcileResults.NotPermitted(before, Commit, refused, fixture.Now);

        Assert.Equal((SyncStatus.Unknown, HealthStatus.Healthy), (status.Sync, status.Health));
        var condition = Assert.Single(status.Conditions);
        Assert.Equal((ConditionTypes.Synced, "False", Reasons.NotPermittedByProject), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal("Nothing of revision 0123456789ab was applied: its project does not allow " + refused[0] + ".", condition.Message);
    }

    [Fact]
    public void Unreachable_MakesSyncAndHealthUnknownWithTheReason()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        var before = ReconcileResults.Assess(fixture.Input(SelfHealing), fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);

        var status = ReconcileResults.Unreachable(before, "Timeout", "Cluster prod is unreachable: no answer in 10 s.", fixture.Now);

        Assert.Equal((SyncStatus.Unknown, HealthStatus.Unknown), (status.Sync, status.Health));
        var reachable = Assert.Single(status.Conditions);
        Assert.Equal((ConditionTypes.ClusterReachable, "False", "Timeout"), (reachable.Type, reachable.Status, reachable.Reason));
        Assert.Equal(before.Resources, status.Resources);
    }

    [Fact]
    public void Failed_NamesTheReasonAndKeepsTheLastKnownHealth()
    {
        var fixture = new EngineFixture().AllLiveAsDesired();
        var before = ReconcileResults.Assess(fixture.Input(SelfHealing), fixture.Live, null, Commit, new InstanceStatus(), fixture.Now);

        var status = ReconcileResults.Failed(before, "RevisionNotFound", "Revision v9 is not in repository shop.", fixture.Now);

        Assert.Equal((SyncStatus.Unknown, HealthStatus.Healthy), (status.Sync, status.Health));
        Assert.Equal(ConditionTypes.ReconcileFailed, Assert.Single(status.Conditions).Type);
    }
}
