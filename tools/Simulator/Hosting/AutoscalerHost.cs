using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;
using Fleet.Simulator.Http;
using Fleet.Simulator.Model;
using Fleet.Simulator.Storage;

namespace Fleet.Simulator.Hosting;

/// <summary>
/// The part of the autoscaler that touches the cluster: reads the scale target named by <c>spec.scaleTargetRef</c>
/// and writes its new replica count, as the real controller does through the target's scale subresource (a merge
/// patch of <c>spec.replicas</c>, an Update by <see cref="HorizontalPodAutoscalerController.FieldManager"/>).
/// </summary>
internal static class AutoscalerHost
{
    /// <summary>Reconciles one autoscaler; returns the step whose status the loop writes and whose requeue it honours.</summary>
    public static ControllerStep Reconcile(VirtualCluster cluster, StoredObject hpa, DateTimeOffset now, ControllerOptions options)
    {
        var node = hpa.ToNode();
        var (target, targetType, error) = FindTarget(cluster, hpa.Namespace, node);
        var decision = HorizontalPodAutoscalerController.Decide(node, target?.ToNode(), error, now, options);
        if (decision.ScaleTo is long replicas && target is not null && targetType is not null)
        {
            var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
            cluster.Patch(targetType, target.Namespace, target.Name, PatchKind.Merge, patch,
                new WriteOptions(HorizontalPodAutoscalerController.FieldManager, DryRun: false, now));
        }
        return decision.Step;
    }

    private static (StoredObject? Target, ResourceType? Type, string? Error) FindTarget(VirtualCluster cluster, string ns, JsonObject hpa)
    {
        var reference = hpa["spec"]?["scaleTargetRef"] as JsonObject;
        var apiVersion = (string?)reference?["apiVersion"] ?? "";
        var kind = (string?)reference?["kind"] ?? "";
        var name = (string?)reference?["name"] ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var type = cluster.Types.FindKind(group, version, kind);
        // Only kinds with a scale subresource kept at spec.replicas can be autoscaled here.
        if (type is null || !type.HasScale || type.SpecReplicasPath != ".spec.replicas")
        {
            return (null, null, $"no matches for kind \"{kind}\" in group \"{group}\"");
        }
        var target = cluster.Get(type, ns, name);
        return target is null ? (null, type, ApiError.NotFound(type, name).Message) : (target, type, null);
    }
}
