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
    public static string Address(JsonObject service) => StableAddress("loadBalancer", service);

    /// <summary>A TEST-NET-1 address (192.0.2.1 to 192.0.2.254) derived from a purpose and the object's namespace/name.</summary>
    internal static string StableAddress(string purpose, JsonObject obj)
    {
        var key = $"{Json.String(Json.Object(obj, "metadata"), "namespace")}/{StatusBuilder.Name(obj)}";
        return $"192.0.2.{1 + (StableHash.Fnv1a(purpose + ":" + key) % 254)}";
    }
}

/// <summary>
/// Simulates an ingress controller (such as ingress-nginx behind a cloud load balancer): every Ingress gets an
/// address in <c>status.loadBalancer.ingress</c> one <see cref="ControllerOptions.LoadBalancerDelay"/> after it was
/// written, as LoadBalancer Services do, because health checks (Fleet's among them) call an Ingress healthy only
/// once it has an address. Ingress addresses carry no <c>ipMode</c>: that field exists only on Services.
/// </summary>
public sealed class IngressController : IController
{
    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "networking.k8s.io" && type.Kind == "Ingress";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var anchor = ObjectClock.Anchor(obj);
        if (ObjectClock.Paced(anchor, now, options.LoadBalancerDelay, 1) == 0)
        {
            var pending = new JsonObject { ["loadBalancer"] = new JsonObject() };
            return StatusBuilder.Step(obj, pending, ObjectClock.UntilNext(anchor, now, options.LoadBalancerDelay, 0, 1));
        }
        var status = new JsonObject
        {
            ["loadBalancer"] = new JsonObject
            {
                ["ingress"] = new JsonArray(new JsonObject { ["ip"] = Address(obj) }),
            },
        };
        return StatusBuilder.Step(obj, status, null);
    }

    /// <summary>The stable address of an Ingress, distinct from a Service of the same name's.</summary>
    public static string Address(JsonObject ingress) => ServiceController.StableAddress("ingress", ingress);
}
