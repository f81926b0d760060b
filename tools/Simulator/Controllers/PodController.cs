using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Simulates the scheduler and kubelet for bare Pods on one node: scheduled at once, Running and Ready one
/// <see cref="ControllerOptions.ReplicaReadyDelay"/> after the write. A container with an unpullable image
/// (see <see cref="UnpullableImages"/>) keeps the pod Pending with that container waiting in <c>ImagePullBackOff</c>.
/// A pod that runs to completion (<c>restartPolicy</c> Never or OnFailure, as hook and Job pods are) is a task: it runs
/// for <see cref="ControllerOptions.JobDuration"/> after starting and ends <c>Succeeded</c> with every container
/// terminated with exit code 0; with an unpullable image (the simulator's one way to mark a workload as failing,
/// as Jobs use it) it ends <c>Failed</c> at that same time instead of waiting forever, so a hook can fail.
/// Pods with <c>restartPolicy: Always</c> (the default) are services and keep running.
/// </summary>
public sealed class PodController : IController
{
    private const string HostIP = "10.0.0.10";

    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "" && type.Kind == "Pod";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var spec = Json.Object(obj, "spec");
        var previous = Json.Object(obj, "status");
        if (Json.String(previous, "phase") is "Succeeded" or "Failed")
        {
            return ControllerStep.Steady;
        }
        var anchor = ObjectClock.Anchor(obj);
        var wasRunning = Json.String(previous, "phase") == "Running";
        var started = wasRunning || ObjectClock.Paced(anchor, now, options.ReplicaReadyDelay, 1) == 1;
        var containers = Json.Objects(Json.Array(spec, "containers")).ToList();
        var stuck = containers.Where(c => UnpullableImages.IsUnpullable(Json.String(c, "image")))
            .Select(c => Json.String(c, "name") ?? "").ToList();
        var running = started && stuck.Count == 0;

        var key = $"{Json.String(Json.Object(obj, "metadata"), "namespace")}/{StatusBuilder.Name(obj)}";
        var podIP = $"10.244.0.{2 + (StableHash.Fnv1a("podIP:" + key) % 250)}";
        var startTime = Json.String(previous, "startTime") ?? ObjectClock.Format(now);
        var endsAt = RunsToCompletion(spec) && anchor is { } a ? a + options.ReplicaReadyDelay + options.JobDuration : (DateTimeOffset?)null;
        if (endsAt is { } end && now >= end)
        {
            return StatusBuilder.Step(obj, Terminated(previous, containers, key, stuck, startTime, podIP, now), null);
        }
        var notReady = $"containers with unready status: [{string.Join(" ", containers.Select(c => Json.String(c, "name")))}]";

        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition(previous, "PodReadyToStartContainers", "True", null, null, now),
                Condition(previous, "Initialized", "True", null, null, now),
                running ? Condition(previous, "Ready", "True", null, null, now) : Condition(previous, "Ready", "False", "ContainersNotReady", notReady, now),
                running ? Condition(previous, "ContainersReady", "True", null, null, now) : Condition(previous, "ContainersReady", "False", "ContainersNotReady", notReady, now),
                Condition(previous, "PodScheduled", "True", null, null, now)),
            ["containerStatuses"] = new JsonArray([.. containers.Select(c => ContainerStatus(c, key, running, stuck, startTime))]),
            ["hostIP"] = HostIP,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = HostIP }),
            ["phase"] = running ? "Running" : "Pending",
            ["podIP"] = podIP,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIP }),
            ["qosClass"] = QosClass(containers),
            ["startTime"] = startTime,
        };
        TimeSpan? requeue = running || stuck.Count > 0 ? null : ObjectClock.UntilNext(anchor, now, options.ReplicaReadyDelay, 0, 1);
        if (endsAt is { } ending)
        {
            requeue = ObjectClock.Positive(requeue is { } r && now + r < ending ? r : ending - now);
        }
        return StatusBuilder.Step(obj, status, requeue);
    }

    /// <summary>True for pods whose containers are tasks that exit, not services the kubelet restarts.</summary>
    public static bool RunsToCompletion(JsonObject? podSpec) =>
        Json.String(podSpec, "restartPolicy") is "Never" or "OnFailure";

    // Ready and ContainersReady turn False with reason PodCompleted, as the kubelet reports a finished pod.
    private static JsonObject Terminated(JsonObject? previous, List<JsonObject> containers, string key, List<string> stuck,
        string startTime, string podIP, DateTimeOffset now)
    {
        var failed = stuck.Count > 0;
        var finishedAt = ObjectClock.Format(now);
        return new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition(previous, "PodReadyToStartContainers", "False", null, null, now),
                Condition(previous, "Initialized", "True", "PodCompleted", null, now),
                Condition(previous, "Ready", "False", "PodCompleted", null, now),
                Condition(previous, "ContainersReady", "False", "PodCompleted", null, now),
                Condition(previous, "PodScheduled", "True", null, null, now)),
            ["containerStatuses"] = new JsonArray([.. containers.Select(c => TerminatedContainer(c, key, stuck, startTime, finishedAt))]),
            ["hostIP"] = HostIP,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = HostIP }),
            ["phase"] = failed ? "Failed" : "Succeeded",
            ["podIP"] = podIP,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIP }),
            ["qosClass"] = QosClass(containers),
            ["startTime"] = startTime,
        };
    }

    // An unpullable container never ran: the runtime reports it as a StartError (exit code 128), which is what
    // kubectl prints as the pod's status; the others exited 0 with reason Completed.
    private static JsonObject TerminatedContainer(JsonObject container, string podKey, List<string> stuck, string startTime, string finishedAt)
    {
        var name = Json.String(container, "name") ?? "";
        var image = Json.String(container, "image") ?? "";
        var terminated = stuck.Contains(name)
            ? new JsonObject
            {
                ["exitCode"] = 128,
                ["finishedAt"] = finishedAt,
                ["message"] = $"failed to pull image \"{image}\"",
                ["reason"] = "StartError",
                ["startedAt"] = finishedAt,
            }
            : new JsonObject { ["exitCode"] = 0, ["finishedAt"] = finishedAt, ["reason"] = "Completed", ["startedAt"] = startTime };
        return new JsonObject
        {
            ["containerID"] = ContainerId(podKey, name, image),
            ["image"] = image,
            ["imageID"] = stuck.Contains(name) ? "" : image,
            ["lastState"] = new JsonObject(),
            ["name"] = name,
            ["ready"] = false,
            ["restartCount"] = 0,
            ["started"] = false,
            ["state"] = new JsonObject { ["terminated"] = terminated },
        };
    }

    private static string ContainerId(string podKey, string name, string image) =>
        "containerd://" + StableHash.SafeEncoded($"{podKey}/{name}") + StableHash.Fnv1a(image).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Condition(JsonObject? previous, string type, string status, string? reason, string? message, DateTimeOffset now) =>
        Conditions.Make(Conditions.Find(previous, type), ConditionStyle.Probed, type, status, reason, message, now);

    private static JsonObject ContainerStatus(JsonObject container, string podKey, bool running, List<string> stuck, string startTime)
    {
        var name = Json.String(container, "name") ?? "";
        var image = Json.String(container, "image") ?? "";
        var status = new JsonObject();
        if (running)
        {
            status["containerID"] = ContainerId(podKey, name, image);
        }
        status["image"] = image;
        status["imageID"] = running ? image : "";
        status["lastState"] = new JsonObject();
        status["name"] = name;
        status["ready"] = running;
        status["restartCount"] = 0;
        status["started"] = running;
        status["state"] = running
            ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startTime } }
            : stuck.Contains(name)
                ? new JsonObject { ["waiting"] = new JsonObject { ["message"] = $"Back-off pulling image \"{image}\"", ["reason"] = "ImagePullBackOff" } }
                : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } };
        return status;
    }

    private static string QosClass(List<JsonObject> containers)
    {
        var resources = containers.Select(c => Json.Object(c, "resources")).ToList();
        if (resources.All(r => (Json.Object(r, "requests")?.Count ?? 0) == 0 && (Json.Object(r, "limits")?.Count ?? 0) == 0))
        {
            return "BestEffort";
        }
        var guaranteed = resources.All(r =>
            Json.Object(r, "limits") is { } limits && limits.ContainsKey("cpu") && limits.ContainsKey("memory")
            && (Json.Object(r, "requests") ?? limits).All(p => JsonNode.DeepEquals(p.Value, limits[p.Key])));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
