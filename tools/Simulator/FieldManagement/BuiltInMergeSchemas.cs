using Fleet.Simulator.Model;

namespace Fleet.Simulator.FieldManagement;

/// <summary>
/// The merge strategies of the built-in kinds, as their Go types declare them with <c>patchStrategy=merge</c>,
/// <c>listType</c> and <c>mapType</c> markers. Only the places that differ from the default (granular struct,
/// atomic list) are listed.
/// </summary>
internal static class BuiltInMergeSchemas
{
    /// <summary>ObjectMeta: owner references keyed by uid, finalizers a set; labels and annotations are granular maps.</summary>
    public static MergeNode ObjectMeta { get; } = MergeNode.Struct(
        ("ownerReferences", MergeNode.MapList(null, "uid")),
        ("finalizers", MergeNode.BuiltIn with { ListType = ListType.Set }));

    // Label selectors are `+structType=atomic` (and Service's selector `+mapType=atomic`): replaced whole.
    private static readonly MergeNode Selector = MergeNode.BuiltIn with { IsAtomicMap = true };

    private static readonly MergeNode Status = MergeNode.Struct(("conditions", MergeNode.MapList(null, "type")));

    private static readonly MergeNode Container = MergeNode.Struct(
        ("ports", MergeNode.MapList(null, "containerPort", "protocol").WithKeyDefault("protocol", "TCP")),
        ("env", MergeNode.MapList(null, "name")),
        ("volumeMounts", MergeNode.MapList(null, "mountPath")));

    private static readonly MergeNode PodSpec = MergeNode.Struct(
        ("containers", MergeNode.MapList(Container, "name")),
        ("initContainers", MergeNode.MapList(Container, "name")),
        ("ephemeralContainers", MergeNode.MapList(Container, "name")),
        ("volumes", MergeNode.MapList(null, "name")),
        ("imagePullSecrets", MergeNode.MapList(null, "name")),
        ("hostAliases", MergeNode.MapList(null, "ip")),
        ("topologySpreadConstraints", MergeNode.MapList(null, "topologyKey", "whenUnsatisfiable")));

    private static readonly MergeNode PodTemplate = MergeNode.Struct(("metadata", ObjectMeta), ("spec", PodSpec));

    // Deployment, ReplicaSet, StatefulSet, DaemonSet and Job all have a selector and a pod template in spec.
    private static readonly MergeNode WorkloadSpec = MergeNode.Struct(("selector", Selector), ("template", PodTemplate));

    private static readonly MergeNode CronJobSpec = MergeNode.Struct(
        ("jobTemplate", MergeNode.Struct(("metadata", ObjectMeta), ("spec", WorkloadSpec))));

    private static readonly MergeNode ServiceSpec = MergeNode.Struct(
        ("ports", MergeNode.MapList(null, "port", "protocol").WithKeyDefault("protocol", "TCP")),
        ("selector", Selector));

    private static readonly MergeNode PodDisruptionBudgetSpec = MergeNode.Struct(("selector", Selector));

    /// <summary>The top-level strategy of a built-in kind; kinds without special lists get metadata and status only.</summary>
    public static MergeNode For(ResourceType type)
    {
        MergeNode? spec = (type.Group, type.Kind) switch
        {
            ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") or ("batch", "Job") => WorkloadSpec,
            ("batch", "CronJob") => CronJobSpec,
            ("", "Pod") => PodSpec,
            ("", "Service") => ServiceSpec,
            ("policy", "PodDisruptionBudget") => PodDisruptionBudgetSpec,
            _ => null,
        };

        return spec is null
            ? MergeNode.Struct(("metadata", ObjectMeta), ("status", Status))
            : MergeNode.Struct(("metadata", ObjectMeta), ("spec", spec), ("status", Status));
    }
}
