using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Simulates the Job controller: pods start at once and all succeed <see cref="ControllerOptions.JobDuration"/>
/// after the Job was written; the Job then gets <c>completionTime</c>, <c>succeeded</c> = completions and the
/// conditions <c>SuccessCriteriaMet</c> and <c>Complete</c> (reason <c>CompletionsReached</c>).
/// With an unpullable image (see <see cref="UnpullableImages"/>) the pods never start: the Job stays active, and
/// fails with reason <c>DeadlineExceeded</c> once <c>spec.activeDeadlineSeconds</c> (if set) have passed since
/// <c>status.startTime</c>, like a real Job whose pods never run. A suspended Job is left alone.
/// </summary>
public sealed class JobController : IController
{
    private const string CompletedMessage = "Reached expected number of succeeded pods";
    private const string DeadlineMessage = "Job was active longer than specified deadline";

    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "batch" && type.Kind == "Job";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var spec = Json.Object(obj, "spec");
        var previous = Json.Object(obj, "status");
        if (Json.Boolean(spec, "suspend") == true || IsFinished(previous))
        {
            return ControllerStep.Steady;
        }

        var parallelism = (int)(Json.Integer(spec, "parallelism") ?? 1);
        var completions = (int)(Json.Integer(spec, "completions") ?? parallelism);
        var active = Math.Max(0, Math.Min(parallelism, completions));
        var startTime = Json.String(previous, "startTime") ?? ObjectClock.Format(now);
        var started = ObjectClock.Parse(startTime) ?? now;
        var blocked = UnpullableImages.Any(Json.Object(Json.Object(spec, "template"), "spec"));

        if (blocked)
        {
            var deadline = Json.Integer(spec, "activeDeadlineSeconds") is { } seconds ? started.AddSeconds(seconds) : (DateTimeOffset?)null;
            if (deadline is { } due && now >= due)
            {
                var failed = Finished(startTime, previous, now, "FailureTarget", "Failed", "DeadlineExceeded", DeadlineMessage);
                StatusBuilder.Count(failed, "failed", active);
                return StatusBuilder.Step(obj, failed, null);
            }
            return StatusBuilder.Step(obj, Running(startTime, active), deadline is { } d ? ObjectClock.Positive(d - now) : null);
        }

        var completesAt = (ObjectClock.Anchor(obj) ?? started) + options.JobDuration;
        if (now < completesAt)
        {
            return StatusBuilder.Step(obj, Running(startTime, active), ObjectClock.Positive(completesAt - now));
        }
        var complete = Finished(startTime, previous, now, "SuccessCriteriaMet", "Complete", "CompletionsReached", CompletedMessage);
        complete["completionTime"] = ObjectClock.Format(now);
        StatusBuilder.Count(complete, "succeeded", completions);
        return StatusBuilder.Step(obj, complete, null);
    }

    private static bool IsFinished(JsonObject? status) =>
        Json.Objects(Json.Array(status, "conditions")).Any(c =>
            Json.String(c, "type") is "Complete" or "Failed" && Json.String(c, "status") == "True");

    private static JsonObject Running(string startTime, int active)
    {
        var status = new JsonObject();
        StatusBuilder.Count(status, "active", active);
        status["ready"] = 0;
        status["startTime"] = startTime;
        status["terminating"] = 0;
        status["uncountedTerminatedPods"] = new JsonObject();
        return status;
    }

    // The real controller first records the interim condition, then the terminal one, both True with one reason.
    private static JsonObject Finished(string startTime, JsonObject? previous, DateTimeOffset now, string interim, string terminal, string reason, string message)
    {
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Conditions.Make(Conditions.Find(previous, interim), ConditionStyle.Probed, interim, "True", reason, message, now),
                Conditions.Make(Conditions.Find(previous, terminal), ConditionStyle.Probed, terminal, "True", reason, message, now)),
            ["ready"] = 0,
            ["startTime"] = startTime,
            ["terminating"] = 0,
            ["uncountedTerminatedPods"] = new JsonObject(),
        };
        foreach (var condition in status["conditions"]!.AsArray().OfType<JsonObject>())
        {
            condition["lastProbeTime"] ??= ObjectClock.Format(now);
        }
        return status;
    }
}
