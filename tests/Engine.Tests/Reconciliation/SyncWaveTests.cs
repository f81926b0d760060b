using System.Text.Json.Nodes;
using Fleet.Engine.Planning;
using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using static Fleet.Engine.Tests.Reconciliation.EngineFixture;

namespace Fleet.Engine.Tests.Reconciliation;

/// <summary>Sync waves: a wave is applied only once every object of the waves before it is healthy.</summary>
public sealed class SyncWaveTests
{
    private static readonly SyncPolicy Automated = new() { Automated = true, Prune = true };

    // The Namespace and the Deployment in wave 0 (no annotation), the ConfigMap in wave 1 (Argo CD's annotation).
    private static EngineFixture TwoWaves()
    {
        var fixture = new EngineFixture();
        fixture.Desired[Settings]["metadata"]!["annotations"] = new JsonObject { ["argocd.argoproj.io/sync-wave"] = "1" };
        return fixture;
    }

    [Fact]
    public void Plan_NewRender_AppliesTheFirstWaveOnly()
    {
        var fixture = TwoWaves();
        fixture.Tracked.Add(Dropped);

        var plan = ReconcilePlanner.Plan(fixture.Input(Automated, renderChanged: true), fixture.Live);

        Assert.True(plan.Sync);
        Assert.False(plan.Complete);
        Assert.Equal([Namespace, Web], plan.Apply);
        Assert.Empty(plan.Prune);
    }

    [Fact]
    public void Plan_EarlierWaveStillProgressing_WaitsForIt()
    {
        var fixture = TwoWaves();
        fixture.Live.Judge(Namespace, fixture.Desired[Namespace], fixture.Desired[Namespace].DeepClone().AsObject(), RenderKey, FieldManager, fixture.Now);
        var rolling = fixture.Desired[Web].DeepClone().AsObject();
        rolling["metadata"]!["generation"] = 1;
        rolling["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = 2, ["updatedReplicas"] = 0, ["availableReplicas"] = 0 };
        fixture.Live.Judge(Web, fixture.Desired[Web], rolling, RenderKey, FieldManager, fixture.Now);

        var plan = ReconcilePlanner.Plan(fixture.Input(Automated, renderChanged: true), fixture.Live);
        var status = ReconcileResults.Assess(fixture.Input(Automated, renderChanged: true), fixture.Live, null, null, new InstanceStatus(), fixture.Now, plan.WaitingForWave);

        Assert.Equal(HealthStatus.Progressing, fixture.Live.HealthOf(Web).Status);
        Assert.False(plan.Sync);
        Assert.Equal(0, plan.WaitingForWave);
        Assert.Contains("sync wave 0 is not healthy yet", status.Conditions.Single(c => c.Type == ConditionTypes.OutOfSync).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EarlierWaveHealthy_AppliesTheLastWaveAndCompletesWithThePrune()
    {
        var fixture = TwoWaves().AllLiveAsDesired();
        fixture.Live.Judge(Settings, fixture.Desired[Settings], null, RenderKey, FieldManager, fixture.Now);
        fixture.Tracked.Add(Dropped);
        fixture.Live.Judge(Dropped, null, ConfigMap("old", "dropped"), RenderKey, FieldManager, fixture.Now);

        var plan = ReconcilePlanner.Plan(fixture.Input(Automated, renderChanged: true), fixture.Live);

        Assert.True(plan.Sync);
        Assert.True(plan.Complete);
        Assert.Contains(Settings, plan.Apply);
        Assert.Equal([Dropped], plan.Prune);
    }

    [Theory]
    [InlineData("fleet.dev/sync-wave", "-2", -2)]
    [InlineData("argocd.argoproj.io/sync-wave", "5", 5)]
    [InlineData("argocd.argoproj.io/sync-wave", "five", 0)]
    public void Wave_ReadsFleetAndArgoAnnotations(string annotation, string value, int wave) =>
        Assert.Equal(wave, SyncOptions.Wave(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [annotation] = value } } }));
}
