using System.Text.Json.Nodes;
using Fleet.Kubernetes.Quantities;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>Namespaces are <c>Active</c>, or <c>Terminating</c> once marked for deletion (emptying them is the host's job).</summary>
public sealed class NamespaceController : IController
{
    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "" && type.Kind == "Namespace";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var deleting = Json.String(Json.Object(obj, "metadata"), "deletionTimestamp") is not null;
        return StatusBuilder.Step(obj, new JsonObject { ["phase"] = deleting ? "Terminating" : "Active" }, null);
    }
}

/// <summary>
/// Simulates dynamic provisioning: a claim is <c>Pending</c>, then <c>Bound</c> one
/// <see cref="ControllerOptions.VolumeBindDelay"/> after it was written, with the requested access modes and
/// storage as capacity. Setting <c>spec.volumeName</c> is left to the host.
/// </summary>
public sealed class PersistentVolumeClaimController : IController
{
    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "" && type.Kind == "PersistentVolumeClaim";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var previous = Json.Object(obj, "status");
        if (Json.String(previous, "phase") == "Bound")
        {
            return ControllerStep.Steady;
        }
        var anchor = ObjectClock.Anchor(obj);
        if (ObjectClock.Paced(anchor, now, options.VolumeBindDelay, 1) == 0)
        {
            return StatusBuilder.Step(obj, new JsonObject { ["phase"] = "Pending" }, ObjectClock.UntilNext(anchor, now, options.VolumeBindDelay, 0, 1));
        }
        var spec = Json.Object(obj, "spec");
        var status = new JsonObject { ["phase"] = "Bound" };
        if (Json.Array(spec, "accessModes") is { } modes)
        {
            status["accessModes"] = modes.DeepClone();
        }
        if (Json.Object(Json.Object(spec, "resources"), "requests")?["storage"] is { } storage)
        {
            var text = storage is JsonValue v && v.TryGetValue(out string? s) ? s : storage.ToJsonString();
            status["capacity"] = new JsonObject { ["storage"] = Quantity.TryCanonicalize(text, out var canonical) ? canonical : text };
        }
        return StatusBuilder.Step(obj, status, null);
    }
}

/// <summary>
/// Simulates a cloud load balancer: a <c>LoadBalancer</c> Service gets an ingress address from 192.0.2.0/24
/// (TEST-NET-1, never routed), derived from its namespace and name, one <see cref="ControllerOptions.LoadBalancerDelay"/>
/// after it was written. Other Services have an empty <c>loadBalancer</c> status.
/// </summary>
public sealed class ServiceController : IController
{
    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "" && type.Kind == "Service";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var empty = new JsonObject { ["loadBalancer"] = new JsonObject() };
        if (Json.String(Json.Object(obj, "spec"), "type") != "LoadBalancer")
        {
            return StatusBuilder.Step(obj, empty, null);
        }
        var anchor = ObjectClock.Anchor(obj);
        if (ObjectClock.Paced(anchor, now, options.LoadBalancerDelay, 1) == 0)
        {
            return StatusBuilder.Step(obj, empty, ObjectClock.UntilNext(anchor, now, options.LoadBalancerDelay, 0, 1));
        }
        var status = new JsonObject
        {
            ["loadBalancer"] = new JsonObject
            {
                ["ingress"] = new JsonArray(new JsonObject { ["ip"] = Address(obj), ["ipMode"] = "VIP" }),
            },
        };
        return StatusBuilder.Step(obj, status, null);
    }

    /// <summary>The stable ingress address of a LoadBalancer Service: 192.0.2.1 to 192.0.2.254.</summary>
    public static string Address(JsonObject service)
    {
        var key = $"{Json.String(Json.Object(service, "metadata"), "namespace")}/{StatusBuilder.Name(service)}";
        return $"192.0.2.{1 + (StableHash.Fnv1a("loadBalancer:" + key) % 254)}";
    }
}
