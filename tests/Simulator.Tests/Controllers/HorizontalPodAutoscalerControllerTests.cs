using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;
using static Fleet.Simulator.Tests.Controllers.Simulation;

namespace Fleet.Simulator.Tests.Controllers;

public class HorizontalPodAutoscalerControllerTests
{
    private static JsonObject Autoscaler(int min, int max) => Parse($$$"""
        {"metadata":{"name":"web","namespace":"default","generation":2,"creationTimestamp":"2026-01-01T12:00:00Z"},
         "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":{{{min}}},"maxReplicas":{{{max}}}}}
        """);

    private static JsonObject Target(int replicas) => Parse($$$"""{"spec":{"replicas":{{{replicas}}}}}""");

    private static string? ConditionReason(JsonObject? status, string type) =>
        status?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type)?["reason"]?.GetValue<string>();

    [Theory]
    [InlineData(1, 3, "TooFewReplicas")]
    [InlineData(9, 5, "TooManyReplicas")]
    public void Decide_OutsideRange_ScalesToTheLimit(int current, int expected, string limited)
    {
        var decision = HorizontalPodAutoscalerController.Decide(Autoscaler(3, 5), Target(current), null, Created, Options);

        Assert.Equal(expected, decision.ScaleTo);
        var status = decision.Step.Status!;
        Assert.Equal(current, status["currentReplicas"]!.GetValue<long>());
        Assert.Equal(expected, status["desiredReplicas"]!.GetValue<long>());
        Assert.Equal("2026-01-01T12:00:00Z", status["lastScaleTime"]!.GetValue<string>());
        Assert.Equal(2, status["observedGeneration"]!.GetValue<long>());
        Assert.Equal("SucceededRescale", ConditionReason(status, "AbleToScale"));
        Assert.Equal("ValidMetricFound", ConditionReason(status, "ScalingActive"));
        Assert.Equal(limited, ConditionReason(status, "ScalingLimited"));
        Assert.Equal(Options.AutoscalerSyncPeriod, decision.Step.RequeueAfter);
    }

    [Fact]
    public void Decide_WithinRange_LeavesTheTargetAndKeepsTheLastScaleTime()
    {
        var hpa = Autoscaler(1, 5);
        hpa["status"] = Parse("""{"lastScaleTime":"2026-01-01T11:00:00Z"}""");

        var decision = HorizontalPodAutoscalerController.Decide(hpa, Target(4), null, Created, Options);

        Assert.Null(decision.ScaleTo);
        Assert.Equal(4, decision.Step.Status!["desiredReplicas"]!.GetValue<long>());
        Assert.Equal("2026-01-01T11:00:00Z", decision.Step.Status["lastScaleTime"]!.GetValue<string>());
        Assert.Equal("ReadyForNewScale", ConditionReason(decision.Step.Status, "AbleToScale"));
        Assert.Equal("DesiredWithinRange", ConditionReason(decision.Step.Status, "ScalingLimited"));
    }

    [Fact]
    public void Decide_SteadyStatus_WritesNothing()
    {
        var hpa = Autoscaler(1, 5);
        hpa["status"] = HorizontalPodAutoscalerController.Decide(hpa, Target(2), null, Created, Options).Step.Status;

        var again = HorizontalPodAutoscalerController.Decide(hpa, Target(2), null, Created.AddMinutes(1), Options);

        Assert.Null(again.Step.Status);
        Assert.NotNull(again.Step.RequeueAfter);
    }

    [Fact]
    public void Decide_TargetScaledToZero_DisablesScaling()
    {
        var decision = HorizontalPodAutoscalerController.Decide(Autoscaler(2, 5), Target(0), null, Created, Options);

        Assert.Null(decision.ScaleTo);
        Assert.Equal("ScalingDisabled", ConditionReason(decision.Step.Status, "ScalingActive"));
    }

    [Fact]
    public void Decide_MissingTarget_CannotScale()
    {
        var decision = HorizontalPodAutoscalerController.Decide(Autoscaler(2, 5), null, "deployments.apps \"web\" not found", Created, Options);

        Assert.Null(decision.ScaleTo);
        var able = decision.Step.Status!["conditions"]![0]!;
        Assert.Equal("False", able["status"]!.GetValue<string>());
        Assert.Equal("FailedGetScale", able["reason"]!.GetValue<string>());
        Assert.Contains("not found", able["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
