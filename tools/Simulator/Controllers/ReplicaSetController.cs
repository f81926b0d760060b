using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Simulates the ReplicaSet controller: all pods exist at once and become ready one per
/// <see cref="ControllerOptions.ReplicaReadyDelay"/>; pods of an unpullable template never do (see <see cref="UnpullableImages"/>).
/// </summary>
public sealed class ReplicaSetController : IController
{
    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "apps" && type.Kind == "ReplicaSet";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var spec = Json.Object(obj, "spec");
        var previous = Json.Object(obj, "status");
        var desired = (int)Math.Max(0, Json.Integer(spec, "replicas") ?? 1);
        var blocked = UnpullableImages.Any(Json.Object(Json.Object(spec, "template"), "spec"));
        var anchor = ObjectClock.Anchor(obj);
        var ready = blocked ? 0 : Math.Max(
            ObjectClock.Paced(anchor, now, options.ReplicaReadyDelay, desired),
            Math.Min(desired, (int)(Json.Integer(previous, "readyReplicas") ?? 0)));

        // replicas is the one count without omitempty.
        var status = new JsonObject { ["replicas"] = desired };
        StatusBuilder.Count(status, "fullyLabeledReplicas", desired);
        StatusBuilder.Count(status, "readyReplicas", ready);
        StatusBuilder.Count(status, "availableReplicas", ready);
        status["observedGeneration"] = StatusBuilder.Generation(obj);
        var requeue = blocked ? null : ObjectClock.UntilNext(anchor, now, options.ReplicaReadyDelay, ready, desired);
        return StatusBuilder.Step(obj, status, requeue);
    }
}
