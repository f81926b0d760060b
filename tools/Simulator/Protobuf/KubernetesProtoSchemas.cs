namespace Fleet.Simulator.Protobuf;

/// <summary>
/// The field numbers of the Kubernetes API types kubectl's imperative commands create (<c>create namespace,
/// configmap, secret generic, serviceaccount, deployment, service, job</c>), from the API's published protobuf
/// definitions. Kinds are keyed as <c>group/version/Kind</c> (the core group empty).
/// </summary>
public static class KubernetesProtoSchemas
{
    private static readonly ProtoMessage OwnerReference = new ProtoMessage("OwnerReference")
        .Add(1, "kind", ProtoKind.String).Add(3, "name", ProtoKind.String).Add(4, "uid", ProtoKind.String)
        .Add(5, "apiVersion", ProtoKind.String).Add(6, "controller", ProtoKind.Bool).Add(7, "blockOwnerDeletion", ProtoKind.Bool);

    private static readonly ProtoMessage ObjectMeta = new ProtoMessage("ObjectMeta")
        .Add(1, "name", ProtoKind.String).Add(2, "generateName", ProtoKind.String).Add(3, "namespace", ProtoKind.String)
        .Add(5, "uid", ProtoKind.String).Add(6, "resourceVersion", ProtoKind.String).Add(7, "generation", ProtoKind.Int)
        .Add(8, "creationTimestamp", ProtoKind.Time).Add(11, "labels", ProtoKind.StringMap).Add(12, "annotations", ProtoKind.StringMap)
        .Add(13, "ownerReferences", ProtoKind.Message, repeated: true, OwnerReference).Add(14, "finalizers", ProtoKind.String, repeated: true);

    private static readonly ProtoMessage LabelSelectorRequirement = new ProtoMessage("LabelSelectorRequirement")
        .Add(1, "key", ProtoKind.String).Add(2, "operator", ProtoKind.String).Add(3, "values", ProtoKind.String, repeated: true);

    private static readonly ProtoMessage LabelSelector = new ProtoMessage("LabelSelector")
        .Add(1, "matchLabels", ProtoKind.StringMap).Add(2, "matchExpressions", ProtoKind.Message, repeated: true, LabelSelectorRequirement);

    private static readonly ProtoMessage ContainerPort = new ProtoMessage("ContainerPort")
        .Add(1, "name", ProtoKind.String).Add(2, "hostPort", ProtoKind.Int).Add(3, "containerPort", ProtoKind.Int)
        .Add(4, "protocol", ProtoKind.String).Add(5, "hostIP", ProtoKind.String);

    private static readonly ProtoMessage EnvVar = new ProtoMessage("EnvVar").Add(1, "name", ProtoKind.String).Add(2, "value", ProtoKind.String);

    private static readonly ProtoMessage ResourceRequirements = new ProtoMessage("ResourceRequirements")
        .Add(1, "limits", ProtoKind.QuantityMap).Add(2, "requests", ProtoKind.QuantityMap);

    private static readonly ProtoMessage Container = new ProtoMessage("Container")
        .Add(1, "name", ProtoKind.String).Add(2, "image", ProtoKind.String).Add(3, "command", ProtoKind.String, repeated: true)
        .Add(4, "args", ProtoKind.String, repeated: true).Add(5, "workingDir", ProtoKind.String)
        .Add(6, "ports", ProtoKind.Message, repeated: true, ContainerPort).Add(7, "env", ProtoKind.Message, repeated: true, EnvVar)
        .Add(8, "resources", ProtoKind.Message, message: ResourceRequirements).Add(13, "terminationMessagePath", ProtoKind.String)
        .Add(14, "imagePullPolicy", ProtoKind.String).Add(20, "terminationMessagePolicy", ProtoKind.String);

    private static readonly ProtoMessage PodSpec = new ProtoMessage("PodSpec")
        .Add(2, "containers", ProtoKind.Message, repeated: true, Container).Add(3, "restartPolicy", ProtoKind.String)
        .Add(4, "terminationGracePeriodSeconds", ProtoKind.Int, optional: true).Add(5, "activeDeadlineSeconds", ProtoKind.Int, optional: true)
        .Add(6, "dnsPolicy", ProtoKind.String).Add(7, "nodeSelector", ProtoKind.StringMap).Add(8, "serviceAccountName", ProtoKind.String)
        .Add(20, "initContainers", ProtoKind.Message, repeated: true, Container);

    private static readonly ProtoMessage PodTemplateSpec = new ProtoMessage("PodTemplateSpec")
        .Add(1, "metadata", ProtoKind.Message, message: ObjectMeta).Add(2, "spec", ProtoKind.Message, message: PodSpec);

    private static readonly ProtoMessage DeploymentSpec = new ProtoMessage("DeploymentSpec")
        .Add(1, "replicas", ProtoKind.Int, optional: true).Add(2, "selector", ProtoKind.Message, message: LabelSelector)
        .Add(3, "template", ProtoKind.Message, message: PodTemplateSpec).Add(5, "minReadySeconds", ProtoKind.Int)
        .Add(6, "revisionHistoryLimit", ProtoKind.Int, optional: true).Add(7, "paused", ProtoKind.Bool).Add(9, "progressDeadlineSeconds", ProtoKind.Int, optional: true);

    private static readonly ProtoMessage ServicePort = new ProtoMessage("ServicePort")
        .Add(1, "name", ProtoKind.String).Add(2, "protocol", ProtoKind.String).Add(3, "port", ProtoKind.Int)
        .Add(4, "targetPort", ProtoKind.IntOrString).Add(5, "nodePort", ProtoKind.Int).Add(6, "appProtocol", ProtoKind.String);

    private static readonly ProtoMessage ServiceSpec = new ProtoMessage("ServiceSpec")
        .Add(1, "ports", ProtoKind.Message, repeated: true, ServicePort).Add(2, "selector", ProtoKind.StringMap)
        .Add(3, "clusterIP", ProtoKind.String).Add(4, "type", ProtoKind.String).Add(5, "externalIPs", ProtoKind.String, repeated: true)
        .Add(7, "sessionAffinity", ProtoKind.String).Add(8, "loadBalancerIP", ProtoKind.String).Add(11, "externalName", ProtoKind.String);

    private static readonly ProtoMessage JobSpec = new ProtoMessage("JobSpec")
        .Add(1, "parallelism", ProtoKind.Int, optional: true).Add(2, "completions", ProtoKind.Int, optional: true).Add(3, "activeDeadlineSeconds", ProtoKind.Int, optional: true)
        .Add(4, "selector", ProtoKind.Message, message: LabelSelector).Add(5, "manualSelector", ProtoKind.Bool, optional: true)
        .Add(6, "template", ProtoKind.Message, message: PodTemplateSpec).Add(7, "backoffLimit", ProtoKind.Int, optional: true)
        .Add(8, "ttlSecondsAfterFinished", ProtoKind.Int, optional: true).Add(10, "suspend", ProtoKind.Bool, optional: true);

    private static readonly ProtoMessage NamespaceSpec = new ProtoMessage("NamespaceSpec").Add(1, "finalizers", ProtoKind.String, repeated: true);

    private static readonly ProtoMessage LocalObjectReference = new ProtoMessage("LocalObjectReference").Add(1, "name", ProtoKind.String);

    private static readonly Dictionary<string, ProtoMessage> ByKind = new(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = Top("Namespace").Add(2, "spec", ProtoKind.Message, message: NamespaceSpec),
        ["v1/ConfigMap"] = Top("ConfigMap").Add(2, "data", ProtoKind.StringMap).Add(3, "binaryData", ProtoKind.BytesMap).Add(4, "immutable", ProtoKind.Bool, optional: true),
        ["v1/Secret"] = Top("Secret").Add(2, "data", ProtoKind.BytesMap).Add(3, "type", ProtoKind.String)
            .Add(4, "stringData", ProtoKind.StringMap).Add(5, "immutable", ProtoKind.Bool, optional: true),
        ["v1/ServiceAccount"] = Top("ServiceAccount").Add(3, "imagePullSecrets", ProtoKind.Message, repeated: true, LocalObjectReference)
            .Add(4, "automountServiceAccountToken", ProtoKind.Bool, optional: true),
        ["v1/Service"] = Top("Service").Add(2, "spec", ProtoKind.Message, message: ServiceSpec),
        ["apps/v1/Deployment"] = Top("Deployment").Add(2, "spec", ProtoKind.Message, message: DeploymentSpec),
        ["batch/v1/Job"] = Top("Job").Add(2, "spec", ProtoKind.Message, message: JobSpec),
    };

    /// <summary>The message of <paramref name="apiVersion"/> and <paramref name="kind"/>, or null when not described.</summary>
    public static ProtoMessage? For(string apiVersion, string kind) => ByKind.GetValueOrDefault($"{apiVersion}/{kind}");

    /// <summary>The kinds a protobuf body may carry, for the error that names them.</summary>
    public static IEnumerable<string> Kinds => ByKind.Keys;

    private static ProtoMessage Top(string kind) => new ProtoMessage(kind).Add(1, "metadata", ProtoKind.Message, message: ObjectMeta);
}
