using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tables;

/// <summary>Which columns <c>kubectl get</c> shows for a type: the built-in printers, or a CRD's printer columns.</summary>
public static class ResourceColumns
{
    /// <summary>The columns of <paramref name="type"/>, default-view columns and <c>-o wide</c> ones (priority 1).</summary>
    /// <param name="type">The type being listed.</param>
    public static IReadOnlyList<TableColumn> For(ResourceType type)
    {
        if (type.IsCustom)
        {
            return CustomColumns.For(type);
        }

        return (type.Group, type.Kind) switch
        {
            ("", "Namespace") => CoreColumns.Namespace,
            ("", "ConfigMap") => CoreColumns.ConfigMap,
            ("", "Secret") => CoreColumns.Secret,
            ("", "ServiceAccount") => CoreColumns.ServiceAccount,
            ("", "Service") => CoreColumns.Service,
            ("", "Pod") => WorkloadColumns.Pod,
            ("", "PersistentVolumeClaim") => CoreColumns.PersistentVolumeClaim,
            ("", "Event") => CoreColumns.Event,
            ("apps", "Deployment") => WorkloadColumns.Deployment,
            ("apps", "ReplicaSet") => WorkloadColumns.ReplicaSet,
            ("apps", "StatefulSet") => WorkloadColumns.StatefulSet,
            ("apps", "DaemonSet") => WorkloadColumns.DaemonSet,
            ("autoscaling", "HorizontalPodAutoscaler") => AutoscalerColumns.HorizontalPodAutoscaler,
            ("batch", "Job") => WorkloadColumns.Job,
            ("batch", "CronJob") => WorkloadColumns.CronJob,
            ("networking.k8s.io", "Ingress") => CoreColumns.Ingress,
            ("networking.k8s.io", "NetworkPolicy") => CoreColumns.NetworkPolicy,
            ("policy", "PodDisruptionBudget") => CoreColumns.PodDisruptionBudget,
            ("rbac.authorization.k8s.io", "RoleBinding" or "ClusterRoleBinding") => CoreColumns.RoleBinding,
            // These have no printer in kubernetes: the server's default table (Name, Created At) applies.
            ("rbac.authorization.k8s.io", "Role" or "ClusterRole") => CoreColumns.Default,
            ("apiextensions.k8s.io", "CustomResourceDefinition") => CoreColumns.Default,
            _ => CoreColumns.NameAndAge,
        };
    }
}
