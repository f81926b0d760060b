namespace Fleet.Engine.Planning;

/// <summary>
/// The order objects are applied and pruned in, so that what an object depends on exists before it: namespaces and
/// CRDs first, then identities and permissions, configuration, storage, services, workloads, ingresses, other
/// built-ins, and custom resources last (their CRD must be established first). Pruning runs the waves backwards.
/// </summary>
public static class SyncOrder
{
    private const int NamespaceWave = 0;
    private const int CustomResourceDefinitionWave = 1;
    private const int OtherBuiltInWave = 10;
    private const int CustomResourceWave = 11;

    private static readonly Dictionary<(string Group, string Kind), int> WavesByKind = new()
    {
        [("", "Namespace")] = NamespaceWave,
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = CustomResourceDefinitionWave,
        [("", "ServiceAccount")] = 2,
        [("rbac.authorization.k8s.io", "Role")] = 3,
        [("rbac.authorization.k8s.io", "ClusterRole")] = 3,
        [("rbac.authorization.k8s.io", "RoleBinding")] = 4,
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = 4,
        [("", "ConfigMap")] = 5,
        [("", "Secret")] = 5,
        [("", "PersistentVolumeClaim")] = 6,
        [("", "Service")] = 7,
        [("apps", "Deployment")] = 8,
        [("apps", "StatefulSet")] = 8,
        [("apps", "DaemonSet")] = 8,
        [("apps", "ReplicaSet")] = 8,
        [("batch", "Job")] = 8,
        [("batch", "CronJob")] = 8,
        [("", "Pod")] = 8,
        [("networking.k8s.io", "Ingress")] = 9,
        [("extensions", "Ingress")] = 9,
    };

    /// <summary>The API groups Kubernetes itself serves; any other group belongs to a custom resource.</summary>
    private static readonly HashSet<string> BuiltInGroups = new(StringComparer.Ordinal)
    {
        "", "apps", "batch", "autoscaling", "policy", "extensions", "rbac.authorization.k8s.io", "networking.k8s.io",
        "storage.k8s.io", "apiextensions.k8s.io", "admissionregistration.k8s.io", "apiregistration.k8s.io",
        "certificates.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io",
        "node.k8s.io", "scheduling.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "resource.k8s.io",
        "internal.apiserver.k8s.io", "storagemigration.k8s.io",
    };

    /// <summary>The wave of a kind: lower waves are applied first.</summary>
    /// <param name="apiVersion">The object's apiVersion, such as <c>apps/v1</c> or <c>v1</c>.</param>
    /// <param name="kind">The object's kind, such as <c>Deployment</c>.</param>
    public static int Wave(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        ArgumentNullException.ThrowIfNull(kind);

        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        if (WavesByKind.TryGetValue((group, kind), out var wave))
        {
            return wave;
        }

        return BuiltInGroups.Contains(group) ? OtherBuiltInWave : CustomResourceWave;
    }

    /// <summary>
    /// Orders objects for applying: by wave, then namespace (cluster-scoped first), name and kind, so the same set
    /// always comes out in the same order whatever order it came in.
    /// </summary>
    /// <param name="items">The objects to order.</param>
    /// <param name="key">Reads an object's apiVersion, kind, namespace (null when cluster-scoped) and name.</param>
    public static IReadOnlyList<T> ForApply<T>(IEnumerable<T> items,
        Func<T, (string ApiVersion, string Kind, string? Namespace, string Name)> key) =>
        Order(items, key, pruning: false);

    /// <summary>
    /// Orders objects for pruning: waves in reverse (custom resources before their CRDs, namespaces last), and within
    /// a wave by namespace, name and kind.
    /// </summary>
    /// <param name="items">The objects to order.</param>
    /// <param name="key">Reads an object's apiVersion, kind, namespace (null when cluster-scoped) and name.</param>
    public static IReadOnlyList<T> ForPrune<T>(IEnumerable<T> items,
        Func<T, (string ApiVersion, string Kind, string? Namespace, string Name)> key) =>
        Order(items, key, pruning: true);

    private static List<T> Order<T>(IEnumerable<T> items,
        Func<T, (string ApiVersion, string Kind, string? Namespace, string Name)> key, bool pruning)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(key);

        var keyed = items.Select(item => (Item: item, Key: key(item))).ToList();
        var byWave = pruning
            ? keyed.OrderByDescending(entry => Wave(entry.Key.ApiVersion, entry.Key.Kind))
            : keyed.OrderBy(entry => Wave(entry.Key.ApiVersion, entry.Key.Kind));

        // LINQ ordering is stable, so objects with equal keys keep their input order.
        return byWave
            .ThenBy(entry => entry.Key.Namespace ?? "", StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Name, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Kind, StringComparer.Ordinal)
            .Select(entry => entry.Item)
            .ToList();
    }
}
