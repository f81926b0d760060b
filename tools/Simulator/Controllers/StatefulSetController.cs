using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Simulates the StatefulSet controller with OrderedReady pacing: pods are created one at a time and each becomes
/// ready one <see cref="ControllerOptions.ReplicaReadyDelay"/> after the last. A template change rolls pods one at
/// a time from <c>currentRevision</c> to <c>updateRevision</c> (<c>&lt;name&gt;-&lt;template hash&gt;</c>), one pod
/// unready while it is replaced. Unpullable images (see <see cref="UnpullableImages"/>) stall the rollout.
/// A rollingUpdate partition is not simulated: every pod is updated.
/// </summary>
public sealed class StatefulSetController : IController
{
    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "apps" && type.Kind == "StatefulSet";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var spec = Json.Object(obj, "spec");
        var previous = Json.Object(obj, "status");
        var desired = (int)Math.Max(0, Json.Integer(spec, "replicas") ?? 1);
        var template = Json.Object(spec, "template");
        var revision = $"{StatusBuilder.Name(obj)}-{StatusBuilder.TemplateHash(template)}";
        var blocked = UnpullableImages.Any(Json.Object(template, "spec"));
        var current = Json.String(previous, "currentRevision") ?? revision;
        var anchor = ObjectClock.Anchor(obj);
        var paced = blocked ? 0 : ObjectClock.Paced(anchor, now, options.ReplicaReadyDelay, desired);

        int replicas, ready, currentReplicas, updated;
        if (current == revision)
        {
            // Creating or scaling: pod N+1 is created once pod N is ready.
            ready = blocked ? 0 : Math.Max(paced, Math.Min(desired, (int)(Json.Integer(previous, "readyReplicas") ?? 0)));
            replicas = Math.Min(desired, ready + 1);
            currentReplicas = updated = replicas;
        }
        else
        {
            // Rolling: `paced` pods already replaced and ready, one more being replaced.
            replicas = desired;
            updated = paced >= desired ? desired : Math.Min(desired, paced + 1);
            ready = desired - (updated - paced);
            currentReplicas = desired - updated;
            if (paced >= desired)
            {
                current = revision;
                currentReplicas = desired;
            }
        }

        var status = new JsonObject
        {
            ["observedGeneration"] = StatusBuilder.Generation(obj),
            ["replicas"] = replicas,
        };
        StatusBuilder.Count(status, "readyReplicas", ready);
        StatusBuilder.Count(status, "currentReplicas", currentReplicas);
        StatusBuilder.Count(status, "updatedReplicas", updated);
        status["currentRevision"] = current;
        status["updateRevision"] = revision;
        status["collisionCount"] = 0;
        status["availableReplicas"] = ready;
        var requeue = blocked ? null : ObjectClock.UntilNext(anchor, now, options.ReplicaReadyDelay, current == revision ? ready : paced, desired);
        return StatusBuilder.Step(obj, status, requeue);
    }
}
