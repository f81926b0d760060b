using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;

namespace Fleet.Simulator.Controllers;

/// <summary>Which timestamps a kind's conditions carry.</summary>
internal enum ConditionStyle
{
    /// <summary>Deployments: lastUpdateTime and lastTransitionTime.</summary>
    Updated,

    /// <summary>Pods and Jobs: lastProbeTime (null for pods) and lastTransitionTime.</summary>
    Probed,

    /// <summary>CRDs: lastTransitionTime only.</summary>
    Transition,
}

/// <summary>
/// Builds condition entries the way the real controllers update them: an unchanged condition keeps its
/// timestamps (so replays do not loop), a changed reason refreshes lastUpdateTime, and only a changed status
/// moves lastTransitionTime.
/// </summary>
internal static class Conditions
{
    public static JsonObject? Find(JsonObject? status, string type) =>
        Json.Objects(Json.Array(status, "conditions")).FirstOrDefault(c => Json.String(c, "type") == type);

    public static JsonObject Make(JsonObject? previous, ConditionStyle style, string type, string status, string? reason, string? message,
        DateTimeOffset now, bool touched = false)
    {
        var stamp = ObjectClock.Format(now);
        var sameStatus = Json.String(previous, "status") == status;
        var same = sameStatus && Json.String(previous, "reason") == reason && Json.String(previous, "message") == message;
        var transition = sameStatus ? Json.String(previous, "lastTransitionTime") ?? stamp : stamp;
        var condition = new JsonObject { ["type"] = type, ["status"] = status };
        switch (style)
        {
            case ConditionStyle.Updated:
                condition["lastUpdateTime"] = same && !touched ? Json.String(previous, "lastUpdateTime") ?? stamp : stamp;
                break;
            case ConditionStyle.Probed:
                condition["lastProbeTime"] = previous?["lastProbeTime"]?.DeepClone();
                break;
            default:
                break;
        }
        condition["lastTransitionTime"] = transition;
        if (reason is not null)
        {
            condition["reason"] = reason;
        }
        if (message is not null)
        {
            condition["message"] = message;
        }
        return condition;
    }
}
