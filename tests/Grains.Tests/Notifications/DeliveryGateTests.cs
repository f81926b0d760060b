using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Notifications;

namespace Fleet.Grains.Tests.Notifications;

/// <summary>De-duplication and throttling of a sink, on explicit times.</summary>
public sealed class DeliveryGateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static FleetEvent Drift(string application, string reason = "LiveDiffersFromGit") =>
        new() { Kind = FleetEventKind.DriftDetected, Application = application, Cluster = "eu-1", Reason = reason };

    [Fact]
    public void Decide_EqualEventWithinWindow_DuplicateUntilTheWindowPasses()
    {
        var gate = new DeliveryGate(TimeSpan.FromMinutes(5));

        var first = gate.Decide(Drift("shop"), null, T0);
        var again = gate.Decide(Drift("shop"), null, T0.AddMinutes(4));
        var other = gate.Decide(Drift("shop", "Else"), null, T0.AddMinutes(4));
        var later = gate.Decide(Drift("shop"), null, T0.AddMinutes(5));

        Assert.Equal(GateDecision.Send, first);
        Assert.Equal(GateDecision.Duplicate, again);
        Assert.Equal(GateDecision.Send, other);
        Assert.Equal(GateDecision.Send, later);
    }

    [Fact]
    public void Decide_OverThrottle_HeldThenSummarisedOnceAMinutePassed()
    {
        var gate = new DeliveryGate(TimeSpan.FromMinutes(5));

        var decisions = Enumerable.Range(0, 5).Select(i => gate.Decide(Drift($"app-{i}"), 2, T0.AddSeconds(i))).ToList();
        var tooEarly = gate.TakeSummary(2, T0.AddSeconds(30));
        var summary = gate.TakeSummary(2, T0.AddSeconds(61));
        var nothingLeft = gate.TakeSummary(2, T0.AddSeconds(62));

        Assert.Equal([GateDecision.Send, GateDecision.Send, GateDecision.Held, GateDecision.Held, GateDecision.Held], decisions);
        Assert.Equal(0, tooEarly);
        Assert.Equal(3, summary);
        Assert.Equal(0, nothingLeft);
        Assert.Equal(0, gate.Held);
    }

    [Fact]
    public void Decide_NoThrottle_NeverHolds()
    {
        var gate = new DeliveryGate(TimeSpan.FromMinutes(5));

        var decisions = Enumerable.Range(0, 50).Select(i => gate.Decide(Drift($"app-{i}"), null, T0)).Distinct().ToList();

        Assert.Equal([GateDecision.Send], decisions);
        Assert.Equal(0, gate.TakeSummary(null, T0));
    }
}
