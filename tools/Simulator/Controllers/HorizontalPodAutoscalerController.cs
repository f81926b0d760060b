using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>What the autoscaler decided: its status step, and the replica count to write to the target if any.</summary>
/// <param name="Step">The HPA's new status and when to look again.</param>
/// <param name="ScaleTo">The target's new <c>spec.replicas</c>; null to leave the target alone.</param>
public sealed record AutoscalerDecision(ControllerStep Step, long? ScaleTo);

/// <summary>
/// Simulates the HorizontalPodAutoscaler controller without a metrics server: there is no load, so the desired
/// replica count is the target's current one clamped to <c>minReplicas</c>..<c>maxReplicas</c>. The host reads the
/// target (from <c>spec.scaleTargetRef</c>), writes <see cref="AutoscalerDecision.ScaleTo"/> as the
/// <see cref="FieldManager"/> manager (so managed fields show the autoscaler owns <c>spec.replicas</c>, which tools
/// that ignore differences by manager rely on), and calls again every <see cref="ControllerOptions.AutoscalerSyncPeriod"/>
/// because a target's replicas can change behind the autoscaler's back.
/// </summary>
public sealed class HorizontalPodAutoscalerController : IController
{
    /// <summary>The field manager the autoscaler writes its targets' replicas under.</summary>
    public const string FieldManager = "horizontal-pod-autoscaler";

    /// <inheritdoc />
    public bool Handles(ResourceType type) => type == BuiltInTypes.HorizontalPodAutoscaler;

    /// <inheritdoc />
    /// <remarks>Without access to the target; the host calls <see cref="Decide"/> with it instead.</remarks>
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options) =>
        Decide(obj, null, "the target was not looked up", now, options).Step;

    /// <summary>The autoscaler's decision for <paramref name="hpa"/> given its target (null when it could not be read, with the reason).</summary>
    public static AutoscalerDecision Decide(JsonObject hpa, JsonObject? target, string? targetError, DateTimeOffset now, ControllerOptions options)
    {
        var spec = Json.Object(hpa, "spec");
        var previous = Json.Object(hpa, "status");
        var status = new JsonObject();
        if (Json.String(previous, "lastScaleTime") is { } lastScale)
        {
            status["lastScaleTime"] = lastScale;
        }
        status["observedGeneration"] = StatusBuilder.Generation(hpa);
        var sync = options.AutoscalerSyncPeriod;

        if (target is null)
        {
            status["currentReplicas"] = 0;
            status["desiredReplicas"] = 0;
            status["conditions"] = new JsonArray(Condition(previous, "AbleToScale", "False", "FailedGetScale",
                $"the HPA controller was unable to get the target's current scale: {targetError}", now));
            return new AutoscalerDecision(StatusBuilder.Step(hpa, status, sync), null);
        }

        var current = Json.Integer(Json.Object(target, "spec"), "replicas") ?? 1;
        status["currentReplicas"] = current;
        if (current == 0)
        {
            // Like the real controller: a target scaled to zero by hand turns autoscaling off.
            status["desiredReplicas"] = 0;
            status["conditions"] = new JsonArray(
                Condition(previous, "AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale", now),
                Condition(previous, "ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero", now));
            return new AutoscalerDecision(StatusBuilder.Step(hpa, status, sync), null);
        }

        var min = Json.Integer(spec, "minReplicas") ?? 1;
        var max = Math.Max(min, Json.Integer(spec, "maxReplicas") ?? min);
        var desired = Math.Clamp(current, min, max);
        var rescale = desired != current;
        if (rescale)
        {
            status["lastScaleTime"] = ObjectClock.Format(now);
        }
        status["desiredReplicas"] = desired;
        status["conditions"] = new JsonArray(
            rescale
                ? Condition(previous, "AbleToScale", "True", "SucceededRescale", $"the HPA controller was able to update the target scale to {desired}", now)
                : Condition(previous, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", now),
            Condition(previous, "ScalingActive", "True", "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", now),
            current < min
                ? Condition(previous, "ScalingLimited", "True", "TooFewReplicas", "the desired replica count is less than the minimum replica count", now)
                : current > max
                    ? Condition(previous, "ScalingLimited", "True", "TooManyReplicas", "the desired replica count is more than the maximum replica count", now)
                    : Condition(previous, "ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range", now));
        return new AutoscalerDecision(StatusBuilder.Step(hpa, status, sync), rescale ? desired : null);
    }

    private static JsonObject Condition(JsonObject? previous, string type, string status, string reason, string message, DateTimeOffset now) =>
        Conditions.Make(Conditions.Find(previous, type), ConditionStyle.Transition, type, status, reason, message, now);
}
