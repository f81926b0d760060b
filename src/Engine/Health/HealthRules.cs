using System.Text.Json.Nodes;
using Fleet.Engine.Status;

namespace Fleet.Engine.Health;

/// <summary>
/// Judges the health of live objects the way Argo CD and kstatus users expect, with one rule per kind picked by
/// API group and kind, and combines statuses (worst wins).
/// </summary>
public static class HealthRules
{
    private static readonly Dictionary<(string Group, string Kind), Func<LiveObject, HealthAssessment>> RulesByKind = new()
    {
        [("apps", "Deployment")] = WorkloadHealth.Deployment,
        [("apps", "StatefulSet")] = WorkloadHealth.StatefulSet,
        [("apps", "DaemonSet")] = WorkloadHealth.DaemonSet,
        [("apps", "ReplicaSet")] = WorkloadHealth.ReplicaSet,
        [("batch", "Job")] = BatchHealth.Job,
        [("batch", "CronJob")] = BatchHealth.CronJob,
        [("", "Pod")] = PodHealth.Assess,
        [("", "PersistentVolumeClaim")] = BuiltInHealth.PersistentVolumeClaim,
        [("", "Service")] = BuiltInHealth.Service,
        [("", "Namespace")] = BuiltInHealth.Namespace,
        [("networking.k8s.io", "Ingress")] = BuiltInHealth.Ingress,
        [("extensions", "Ingress")] = BuiltInHealth.Ingress,
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = BuiltInHealth.CustomResourceDefinition,
    };

    /// <summary>Judges one live object; null (not in the cluster) is <see cref="HealthStatus.Missing"/>.</summary>
    public static HealthAssessment Assess(JsonObject? live)
    {
        if (live is null)
        {
            return new HealthAssessment(HealthStatus.Missing, "Missing", "The object does not exist in the cluster; sync the application to create it.");
        }

        var obj = new LiveObject(live);
        if (obj.String("metadata", "deletionTimestamp") is not null)
        {
            return Verdict.Progressing("BeingDeleted",
                $"{obj.Kind} {obj.Name} is being deleted; waiting for its finalizers to finish.");
        }

        if (RulesByKind.TryGetValue((obj.Group, obj.Kind), out var rule))
        {
            return rule(obj);
        }

        return ConditionHealth.FromReadyCondition(obj)
            ?? Verdict.Healthy("Present", $"{obj.Kind} {obj.Name} exists.");
    }

    /// <summary>True when <paramref name="a"/> is worse than <paramref name="b"/> (Healthy best, Unknown worst).</summary>
    public static bool IsWorse(HealthStatus a, HealthStatus b) => a > b;

    /// <summary>The worst of the statuses; Healthy when there are none.</summary>
    public static HealthStatus Worst(IEnumerable<HealthStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var worst = HealthStatus.Healthy;
        foreach (var status in statuses)
        {
            if (IsWorse(status, worst))
            {
                worst = status;
            }
        }

        return worst;
    }
}
