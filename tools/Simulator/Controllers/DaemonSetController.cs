using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Simulates the DaemonSet controller on a cluster of one node: one pod, replaced on every new generation and ready
/// one <see cref="ControllerOptions.ReplicaReadyDelay"/> after the change, never with an unpullable image
/// (see <see cref="UnpullableImages"/>).
/// </summary>
public sealed class DaemonSetController : IController
{
    private const int Nodes = 1;

    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "apps" && type.Kind == "DaemonSet";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var spec = Json.Object(obj, "spec");
        var previous = Json.Object(obj, "status");
        var generation = StatusBuilder.Generation(obj);
        var blocked = UnpullableImages.Any(Json.Object(Json.Object(spec, "template"), "spec"));
        var anchor = ObjectClock.Anchor(obj);
        var ready = blocked ? 0 : ObjectClock.Paced(anchor, now, options.ReplicaReadyDelay, Nodes);
        if (!blocked && Json.Integer(previous, "observedGeneration") == generation)
        {
            // Metadata-only writes move the anchor but do not replace the pod.
            ready = Math.Max(ready, (int)Math.Min(Nodes, Json.Integer(previous, "numberReady") ?? 0));
        }

        var status = new JsonObject
        {
            ["currentNumberScheduled"] = Nodes,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = Nodes,
            ["numberReady"] = ready,
            ["observedGeneration"] = generation,
            ["updatedNumberScheduled"] = Nodes,
        };
        StatusBuilder.Count(status, "numberAvailable", ready);
        StatusBuilder.Count(status, "numberUnavailable", Nodes - ready);
        var requeue = blocked ? null : ObjectClock.UntilNext(anchor, now, options.ReplicaReadyDelay, ready, Nodes);
        return StatusBuilder.Step(obj, status, requeue);
    }
}
