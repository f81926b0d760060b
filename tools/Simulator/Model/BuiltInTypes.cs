namespace Fleet.Simulator.Model;

/// <summary>The built-in kinds every virtual cluster serves, with the metadata discovery reports for them.</summary>
public static class BuiltInTypes
{
    private static readonly string[] All_ = ["all"];

    public static ResourceType Namespace { get; } = Core("Namespace", "namespaces", "namespace", namespaced: false, shortNames: ["ns"], status: true);
    public static ResourceType ConfigMap { get; } = Core("ConfigMap", "configmaps", "configmap", shortNames: ["cm"]);
    public static ResourceType Secret { get; } = Core("Secret", "secrets", "secret");
    public static ResourceType ServiceAccount { get; } = Core("ServiceAccount", "serviceaccounts", "serviceaccount", shortNames: ["sa"]);
    public static ResourceType Service { get; } = Core("Service", "services", "service", shortNames: ["svc"], categories: All_, status: true);
    public static ResourceType Pod { get; } = Core("Pod", "pods", "pod", shortNames: ["po"], categories: All_, status: true);
    public static ResourceType PersistentVolumeClaim { get; } = Core("PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", shortNames: ["pvc"], status: true);
    public static ResourceType Event { get; } = Core("Event", "events", "event", shortNames: ["ev"]);

    public static ResourceType Deployment { get; } = Apps("Deployment", "deployments", "deployment", ["deploy"], GenerationPolicy.SpecAndAnnotations, scale: true);
    public static ResourceType ReplicaSet { get; } = Apps("ReplicaSet", "replicasets", "replicaset", ["rs"], GenerationPolicy.Spec, scale: true);
    public static ResourceType StatefulSet { get; } = Apps("StatefulSet", "statefulsets", "statefulset", ["sts"], GenerationPolicy.Spec, scale: true);
    public static ResourceType DaemonSet { get; } = Apps("DaemonSet", "daemonsets", "daemonset", ["ds"], GenerationPolicy.Spec, scale: false);

    public static ResourceType Job { get; } = Typed("batch", "v1", "Job", "jobs", "job", true, [], All_, status: true, GenerationPolicy.Spec);
    public static ResourceType CronJob { get; } = Typed("batch", "v1", "CronJob", "cronjobs", "cronjob", true, ["cj"], All_, status: true, GenerationPolicy.Spec);
    /// <summary>HorizontalPodAutoscaler at its storage version, autoscaling/v2.</summary>
    public static ResourceType HorizontalPodAutoscaler { get; } = Autoscaling("v2");

    /// <summary>The same HorizontalPodAutoscalers served at autoscaling/v1 (see <see cref="VersionConversion"/>).</summary>
    public static ResourceType HorizontalPodAutoscalerV1 { get; } = Autoscaling("v1");

    public static ResourceType Ingress { get; } = Typed("networking.k8s.io", "v1", "Ingress", "ingresses", "ingress", true, ["ing"], [], status: true, GenerationPolicy.Spec);
    public static ResourceType NetworkPolicy { get; } = Typed("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", "networkpolicy", true, ["netpol"], [], status: false, GenerationPolicy.Spec);
    public static ResourceType PodDisruptionBudget { get; } = Typed("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", true, ["pdb"], [], status: true, GenerationPolicy.Spec);

    public static ResourceType Role { get; } = Rbac("Role", "roles", "role", namespaced: true);
    public static ResourceType RoleBinding { get; } = Rbac("RoleBinding", "rolebindings", "rolebinding", namespaced: true);
    public static ResourceType ClusterRole { get; } = Rbac("ClusterRole", "clusterroles", "clusterrole", namespaced: false);
    public static ResourceType ClusterRoleBinding { get; } = Rbac("ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", namespaced: false);

    public static ResourceType CustomResourceDefinition { get; } = Typed(
        "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition",
        namespaced: false, ["crd", "crds"], ["api-extensions"], status: true, GenerationPolicy.Spec);

    /// <summary>Every built-in type, in the order discovery lists groups: core first, then by group.</summary>
    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespace, ConfigMap, Secret, ServiceAccount, Service, Pod, PersistentVolumeClaim, Event,
        Deployment, ReplicaSet, StatefulSet, DaemonSet,
        HorizontalPodAutoscaler, HorizontalPodAutoscalerV1,
        Job, CronJob,
        Ingress, NetworkPolicy,
        PodDisruptionBudget,
        Role, RoleBinding, ClusterRole, ClusterRoleBinding,
        CustomResourceDefinition,
    ];

    private static ResourceType Core(string kind, string plural, string singular, bool namespaced = true,
        string[]? shortNames = null, string[]? categories = null, bool status = false) =>
        Typed("", "v1", kind, plural, singular, namespaced, shortNames ?? [], categories ?? [], status, GenerationPolicy.None);

    private static ResourceType Apps(string kind, string plural, string singular, string[] shortNames, GenerationPolicy generation, bool scale) =>
        Typed("apps", "v1", kind, plural, singular, true, shortNames, All_, status: true, generation) with { HasScale = scale };

    private static ResourceType Autoscaling(string version) =>
        Typed("autoscaling", version, "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler",
            true, ["hpa"], All_, status: true, GenerationPolicy.Spec);

    private static ResourceType Rbac(string kind, string plural, string singular, bool namespaced) =>
        Typed("rbac.authorization.k8s.io", "v1", kind, plural, singular, namespaced, [], [], status: false, GenerationPolicy.None);

    private static ResourceType Typed(string group, string version, string kind, string plural, string singular, bool namespaced,
        string[] shortNames, string[] categories, bool status, GenerationPolicy generation) => new()
        {
            Group = group,
            Version = version,
            Kind = kind,
            Plural = plural,
            Singular = singular,
            Namespaced = namespaced,
            ShortNames = shortNames,
            Categories = categories,
            HasStatus = status,
            Generation = generation,
        };
}
