using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Simulates the deployment controller and the ReplicaSets it manages, writing Deployment status as the real one
/// shapes it. A new generation starts a rollout to the ReplicaSet <c>&lt;name&gt;-&lt;pod template hash&gt;</c>:
/// its replicas become ready one per <see cref="ControllerOptions.ReplicaReadyDelay"/> while the old ReplicaSet's
/// pods keep serving and are scaled down as new ones become ready; then Progressing is
/// <c>NewReplicaSetAvailable</c> and Available is <c>MinimumReplicasAvailable</c>.
/// <para>
/// Documented failure: when any container image of the template is unpullable (registry host
/// <c>unpullable.invalid</c> or tag <c>unpullable</c>, see <see cref="UnpullableImages"/>), the new pods never become
/// ready; once <c>spec.progressDeadlineSeconds</c> have passed since the rollout started, Progressing turns False
/// with reason <c>ProgressDeadlineExceeded</c>, which makes <c>kubectl rollout status</c> fail.
/// </para>
/// <para>
/// Simplifications: one surge pod at a time during a template change; <c>spec.paused</c> freezes the counts
/// (Progressing Unknown, <c>DeploymentPaused</c>); scaling up takes one delay per replica from the write.
/// </para>
/// </summary>
public sealed class DeploymentController : IController
{
    private const string Progressing = "Progressing";
    private const string Available = "Available";

    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "apps" && type.Kind == "Deployment";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var spec = Json.Object(obj, "spec");
        var previous = Json.Object(obj, "status");
        var desired = (int)Math.Max(0, Json.Integer(spec, "replicas") ?? 1);
        var template = Json.Object(spec, "template");
        var replicaSet = $"{StatusBuilder.Name(obj)}-{StatusBuilder.TemplateHash(template)}";
        var blocked = UnpullableImages.Any(Json.Object(template, "spec"));
        var lastProgressing = Conditions.Find(previous, Progressing);
        var sameReplicaSet = QuotedName(Json.String(lastProgressing, "message")) == replicaSet;

        if (Json.Boolean(spec, "paused") == true)
        {
            return Paused(obj, previous, spec, desired, now);
        }

        // Ready pods of the new ReplicaSet last time, and the old pods still serving; a new template means all are old.
        var lastAvailable = (int)(Json.Integer(previous, "availableReplicas") ?? 0);
        var lastNewReady = sameReplicaSet && !blocked ? Math.Min((int)(Json.Integer(previous, "updatedReplicas") ?? 0), lastAvailable) : 0;
        var lastOld = Math.Max(0, lastAvailable - lastNewReady);

        var anchor = ObjectClock.Anchor(obj);
        var newReady = blocked ? 0 : ObjectClock.Paced(anchor, now, options.ReplicaReadyDelay, desired);
        if (sameReplicaSet)
        {
            newReady = Math.Max(newReady, Math.Min(lastNewReady, desired));
        }
        var old = Math.Min(lastOld, Math.Max(0, desired - newReady));
        // Without old pods the new ReplicaSet is scaled to the full count at once; during a template change it
        // surges one pod ahead of the ready ones.
        var newPods = old == 0 ? desired : Math.Min(desired, newReady + 1);
        var available = old + newReady;
        var total = old + newPods;
        var done = !blocked && newReady == desired && old == 0;

        var status = new JsonObject { ["observedGeneration"] = StatusBuilder.Generation(obj) };
        StatusBuilder.Count(status, "replicas", total);
        StatusBuilder.Count(status, "updatedReplicas", newPods);
        StatusBuilder.Count(status, "readyReplicas", available);
        StatusBuilder.Count(status, "availableReplicas", available);
        StatusBuilder.Count(status, "unavailableReplicas", Math.Max(0, total - available));

        var minimum = desired - MaxUnavailable(spec, desired);
        var availableCondition = available >= minimum
            ? Conditions.Make(Conditions.Find(previous, Available), ConditionStyle.Updated, Available, "True",
                "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
            : Conditions.Make(Conditions.Find(previous, Available), ConditionStyle.Updated, Available, "False",
                "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now);

        var deadline = anchor?.AddSeconds(Json.Integer(spec, "progressDeadlineSeconds") ?? 600);
        var progressed = !JsonNode.DeepEquals(Counts(previous), Counts(status));
        JsonObject progressingCondition;
        TimeSpan? requeue;
        if (done)
        {
            progressingCondition = Conditions.Make(lastProgressing, ConditionStyle.Updated, Progressing, "True",
                "NewReplicaSetAvailable", $"ReplicaSet \"{replicaSet}\" has successfully progressed.", now);
            requeue = null;
        }
        else if (blocked && deadline is { } due && now >= due)
        {
            progressingCondition = Conditions.Make(lastProgressing, ConditionStyle.Updated, Progressing, "False",
                "ProgressDeadlineExceeded", $"ReplicaSet \"{replicaSet}\" has timed out progressing.", now);
            requeue = null;
        }
        else
        {
            var created = !sameReplicaSet || (Json.String(lastProgressing, "reason") == "NewReplicaSetCreated" && !progressed);
            progressingCondition = created
                ? Conditions.Make(lastProgressing, ConditionStyle.Updated, Progressing, "True",
                    "NewReplicaSetCreated", $"Created new replica set \"{replicaSet}\"", now)
                : Conditions.Make(lastProgressing, ConditionStyle.Updated, Progressing, "True",
                    "ReplicaSetUpdated", $"ReplicaSet \"{replicaSet}\" is progressing.", now, touched: progressed);
            requeue = blocked
                ? deadline is { } d ? ObjectClock.Positive(d - now) : null
                : ObjectClock.UntilNext(anchor, now, options.ReplicaReadyDelay, newReady, desired);
        }
        // The real controller re-appends Progressing on every update, so it follows Available.
        status["conditions"] = new JsonArray(availableCondition, progressingCondition);
        return StatusBuilder.Step(obj, status, requeue);
    }

    private static ControllerStep Paused(JsonObject obj, JsonObject? previous, JsonObject? spec, int desired, DateTimeOffset now)
    {
        var status = previous?.DeepClone() as JsonObject ?? [];
        status["observedGeneration"] = StatusBuilder.Generation(obj);
        var available = (int)(Json.Integer(status, "availableReplicas") ?? 0);
        var availableCondition = available >= desired - MaxUnavailable(spec, desired)
            ? Conditions.Make(Conditions.Find(previous, Available), ConditionStyle.Updated, Available, "True",
                "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
            : Conditions.Make(Conditions.Find(previous, Available), ConditionStyle.Updated, Available, "False",
                "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now);
        var progressing = Conditions.Make(Conditions.Find(previous, Progressing), ConditionStyle.Updated, Progressing, "Unknown",
            "DeploymentPaused", "Deployment is paused", now);
        status["conditions"] = new JsonArray(availableCondition, progressing);
        return StatusBuilder.Step(obj, status, null);
    }

    private static JsonObject Counts(JsonObject? status)
    {
        var counts = new JsonObject();
        foreach (var name in new[] { "replicas", "updatedReplicas", "readyReplicas", "availableReplicas" })
        {
            counts[name] = Json.Integer(status, name) ?? 0;
        }
        return counts;
    }

    /// <summary>
    /// How many replicas may be unavailable: rolling updates resolve maxUnavailable (rounded down) and maxSurge
    /// (rounded up) against the replica count, and allow one when both are zero; Recreate allows none.
    /// </summary>
    internal static int MaxUnavailable(JsonObject? spec, int desired)
    {
        var strategy = Json.Object(spec, "strategy");
        if ((Json.String(strategy, "type") ?? "RollingUpdate") != "RollingUpdate" || desired == 0)
        {
            return 0;
        }
        var rolling = Json.Object(strategy, "rollingUpdate");
        var unavailable = Resolve(rolling?["maxUnavailable"], desired, roundUp: false, fallback: "25%");
        var surge = Resolve(rolling?["maxSurge"], desired, roundUp: true, fallback: "25%");
        if (unavailable == 0 && surge == 0)
        {
            unavailable = 1;
        }
        return Math.Min(unavailable, desired);
    }

    private static int Resolve(JsonNode? value, int total, bool roundUp, string fallback)
    {
        var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? fallback;
        if (text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
        {
            var exact = total * percent / 100.0;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    /// <summary>The first double-quoted name in a condition message, such as the ReplicaSet in <c>ReplicaSet "x" ...</c>.</summary>
    private static string? QuotedName(string? message)
    {
        var start = message?.IndexOf('"', StringComparison.Ordinal) ?? -1;
        var end = start >= 0 ? message!.IndexOf('"', start + 1) : -1;
        return end > start ? message![(start + 1)..end] : null;
    }
}
