using Fleet.Cli.Api;
using Fleet.Cli.Commands;
using Fleet.Engine.Status;

namespace Fleet.Cli.Tests.Commands;

/// <summary>What diff and wait conclude from an instance's conditions: never "in sync" without a comparison.</summary>
public sealed class InstanceVerdictsTests
{
    private static InstanceView Instance(string sync, params (string Type, string Status, string Reason)[] conditions) => new()
    {
        Application = "a",
        Cluster = "c",
        Sync = sync,
        Health = "Healthy",
        Conditions = [.. conditions.Select(c => new ConditionView { Type = c.Type, Status = c.Status, Reason = c.Reason, Message = "why" })],
    };

    [Theory]
    [InlineData("Synced", ConditionTypes.RenderFailed, "True", Reasons.InvalidManifests, Reasons.InvalidManifests)]
    [InlineData("Synced", ConditionTypes.ClusterReachable, "False", "Unreachable", "Unreachable")]
    [InlineData("Synced", ConditionTypes.ReconcileFailed, "True", "Error", "Error")]
    [InlineData("Unknown", ConditionTypes.Synced, "True", Reasons.SyncSucceeded, "Unknown")]
    [InlineData("Synced", ConditionTypes.Synced, "True", Reasons.SyncSucceeded, null)]
    [InlineData("OutOfSync", ConditionTypes.OutOfSync, "True", Reasons.LiveDiffersFromGit, null)]
    [InlineData("Synced", ConditionTypes.ClusterReachable, "True", "Connected", null)]
    [InlineData("Synced", ConditionTypes.RenderFailed, "False", "", null)]
    public void WhyNotCompared_Conditions_NamesWhatPreventsTheComparison(string sync, string type, string status, string reason, string? expected)
    {
        var why = InstanceVerdicts.WhyNotCompared(Instance(sync, (type, status, reason)));

        Assert.Equal(expected, why?.Reason);
    }

    [Theory]
    [InlineData(ConditionTypes.RenderFailed, "True", Reasons.InvalidManifests, true)]
    [InlineData(ConditionTypes.Synced, "False", Reasons.SyncFailed, true)]
    [InlineData(ConditionTypes.ReconcileFailed, "True", "Error", true)]
    [InlineData(ConditionTypes.ClusterReachable, "False", "Unreachable", false)]
    [InlineData(ConditionTypes.Synced, "True", Reasons.SyncSucceeded, false)]
    [InlineData(ConditionTypes.Pinned, "True", Reasons.RolledBack, false)]
    [InlineData(ConditionTypes.OutOfSync, "True", Reasons.LiveDiffersFromGit, false)]
    public void WhyStuck_Conditions_OnlyFailuresWaitingWillNotFix(string type, string status, string reason, bool stuck)
    {
        var why = InstanceVerdicts.WhyStuck(Instance("Unknown", (type, status, reason)));

        Assert.Equal(stuck, why is not null);
    }

    [Fact]
    public void Describe_Pin_SaysRevisionWhoAndSince()
    {
        var pin = new PinView { Revision = new string('a', 40), Reason = Reasons.RolledBack, By = "alice", Since = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) };

        var text = InstanceVerdicts.Describe(pin);

        Assert.StartsWith("pinned at aaaaaaa by alice since 2026-01-02 03:04:05Z (", text, StringComparison.Ordinal);
        Assert.EndsWith(" ago), RolledBack", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PinSummary_TwoOfThree_CountsRevisionsAndWho()
    {
        var pins = new List<PinView> { new() { Revision = new string('b', 40), By = "bob" }, new() { Revision = new string('b', 40), By = "bob" } };

        Assert.Equal("2/3 at bbbbbbb by bob", AppCommands.PinSummary(pins, 3));
    }

    [Theory]
    [InlineData(0, 0, "Every instance is Synced and Healthy.")]
    [InlineData(0, 2, "No instance is failing, but 2 instance(s) are pinned")]
    [InlineData(1, 0, "1 instance(s) are not Synced and Healthy")]
    [InlineData(1, 1, "and 1 are pinned")]
    public void StatusVerdict_BrokenAndPinned_NeverClaimsAllIsWellWithPins(int broken, int pinned, string expected)
    {
        var verdict = StatusCommand.Verdict(broken, pinned);

        Assert.Contains(expected, verdict, StringComparison.Ordinal);
        Assert.True(pinned == 0 || !verdict.Contains("Every instance", StringComparison.Ordinal), verdict);
    }
}
