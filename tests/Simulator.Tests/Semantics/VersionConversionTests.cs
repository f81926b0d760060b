using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tests.Semantics;

public class VersionConversionTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void AutoscalerV1_TargetCpu_BecomesTheFirstV2Metric()
    {
        var v1 = Parse("""
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,"targetCPUUtilizationPercentage":70}}
            """);

        var v2 = VersionConversion.AutoscalerToV2(v1);

        Assert.Equal("autoscaling/v2", v2["apiVersion"]!.GetValue<string>());
        Assert.Null(v2["spec"]!["targetCPUUtilizationPercentage"]);
        Assert.True(JsonNode.DeepEquals(
            Parse("""{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}}"""),
            v2["spec"]!["metrics"]![0]));
        Assert.True(JsonNode.DeepEquals(v1, VersionConversion.AutoscalerToV1(v2)));
    }

    [Fact]
    public void AutoscalerV2_OtherMetricsAndConditions_SurviveAV1RoundTrip()
    {
        var v2 = Parse("""
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
             "spec":{"maxReplicas":5,"metrics":[
               {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}},
               {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}]},
             "status":{"currentReplicas":2,"desiredReplicas":2,"conditions":[{"type":"AbleToScale","status":"True"}]}}
            """);

        var v1 = VersionConversion.AutoscalerToV1(v2);

        Assert.Equal(60, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
        Assert.Null(v1["spec"]!["metrics"]);
        Assert.Null(v1["status"]!["conditions"]);
        Assert.NotNull(v1["metadata"]!["annotations"]!["autoscaling.alpha.kubernetes.io/conditions"]);
        var back = VersionConversion.AutoscalerToV2(v1);
        Assert.Null(back["metadata"]!["annotations"]);
        Assert.Equal(["cpu", "memory"], back["spec"]!["metrics"]!.AsArray().Select(m => m!["resource"]!["name"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(v2["status"], back["status"]));
    }

    [Fact]
    public void OtherTypes_AreNotConverted()
    {
        Assert.False(VersionConversion.Converts(BuiltInTypes.Deployment));
        Assert.False(VersionConversion.Converts(BuiltInTypes.HorizontalPodAutoscaler));
        Assert.True(VersionConversion.Converts(BuiltInTypes.HorizontalPodAutoscalerV1));
        Assert.Same(BuiltInTypes.HorizontalPodAutoscaler, VersionConversion.Storage(BuiltInTypes.HorizontalPodAutoscalerV1));
    }
}
