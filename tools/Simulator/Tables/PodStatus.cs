using System.Text.Json.Nodes;

namespace Fleet.Simulator.Tables;

/// <summary>
/// The READY, STATUS and RESTARTS cells of a pod, derived the way kubectl's pod printer does: the phase, overridden
/// by init-container progress, container waiting/terminated reasons, and deletion.
/// </summary>
internal sealed record PodStatus(string Ready, string Reason, long RestartCount, DateTimeOffset? LastRestart)
{
    public string Restarts(DateTimeOffset now) =>
        RestartCount != 0 && LastRestart is { } last
            ? $"{RestartCount} ({HumanDuration.Format(now - last)} ago)"
            : RestartCount.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static PodStatus Of(JsonObject pod)
    {
        var total = Fields.Count(pod, "spec", "containers");
        var reason = Fields.String(pod, "status", "reason") ?? Fields.String(pod, "status", "phase") ?? "";
        long restarts = 0;
        var ready = 0;
        DateTimeOffset? lastRestart = null;

        void NoteRestarts(JsonObject status)
        {
            restarts += Fields.Long(status, "restartCount") ?? 0;
            if (HumanDuration.TryParseTime(Fields.String(status, "lastState", "terminated", "finishedAt"), out var finished)
                && (lastRestart is null || finished > lastRestart))
            {
                lastRestart = finished;
            }
        }

        var initStatuses = Fields.Objects(pod, "status", "initContainerStatuses").ToList();
        var initializing = false;
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var status = initStatuses[i];
            NoteRestarts(status);
            if (Fields.Get(status, "state", "terminated") is JsonObject terminated)
            {
                if ((Fields.Long(terminated, "exitCode") ?? 0) == 0)
                {
                    continue;
                }

                reason = "Init:" + (Fields.String(terminated, "reason") ?? $"ExitCode:{Fields.Long(terminated, "exitCode")}");
            }
            else if (Fields.String(status, "state", "waiting", "reason") is { Length: > 0 } waiting && waiting != "PodInitializing")
            {
                reason = "Init:" + waiting;
            }
            else
            {
                reason = $"Init:{i}/{Fields.Count(pod, "spec", "initContainers")}";
            }

            initializing = true;
            break;
        }

        if (!initializing)
        {
            // Only the main containers' restarts count once initialization is over.
            restarts = 0;
            lastRestart = null;
            var running = false;
            var statuses = Fields.Objects(pod, "status", "containerStatuses").ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var status = statuses[i];
                NoteRestarts(status);
                var terminated = Fields.Get(status, "state", "terminated");
                if (Fields.String(status, "state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null)
                {
                    reason = Fields.String(terminated, "reason") is { Length: > 0 } terminatedReason
                        ? terminatedReason
                        : Fields.Long(terminated, "signal") is { } signal and not 0
                            ? $"Signal:{signal}"
                            : $"ExitCode:{Fields.Long(terminated, "exitCode") ?? 0}";
                }
                else if (Fields.Bool(status, "ready") == true && Fields.Get(status, "state", "running") is not null)
                {
                    running = true;
                    ready++;
                }
            }

            if (reason == "Completed" && running)
            {
                reason = Fields.Objects(pod, "status", "conditions")
                    .Any(c => Fields.String(c, "type") == "Ready" && Fields.String(c, "status") == "True") ? "Running" : "NotReady";
            }
        }

        var phase = Fields.String(pod, "status", "phase");
        if (Fields.Get(pod, "metadata", "deletionTimestamp") is not null)
        {
            if (Fields.String(pod, "status", "reason") == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        return new PodStatus($"{ready}/{total}", reason, restarts, lastRestart);
    }
}
