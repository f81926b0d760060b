using System.Text.Json.Nodes;

namespace Fleet.Simulator.Tables;

/// <summary>Table columns of the workload kinds (pods and their controllers), as kubectl's printers define them.</summary>
internal static class WorkloadColumns
{
    public static IReadOnlyList<TableColumn> Pod { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Ready", "Ready containers out of all containers.", (o, _) => PodStatus.Of(o).Ready),
        TableColumn.Text("Status", "The pod's phase, or why it is not running.", (o, _) => PodStatus.Of(o).Reason),
        TableColumn.Text("Restarts", "Container restarts, with the time since the last one.", (o, now) => PodStatus.Of(o).Restarts(now)),
        TableColumn.Age,
        TableColumn.Text("IP", "The pod's IP address.", (o, _) => Fields.String(o, "status", "podIP") ?? Fields.None, priority: 1),
        TableColumn.Text("Node", "The node the pod is scheduled on.", (o, _) => Fields.String(o, "spec", "nodeName") ?? Fields.None, priority: 1),
        TableColumn.Text("Nominated Node", "The node the scheduler nominated for preemption.",
            (o, _) => Fields.String(o, "status", "nominatedNodeName") ?? Fields.None, priority: 1),
        TableColumn.Text("Readiness Gates", "Readiness gates that are met, out of all gates.", (o, _) => ReadinessGates(o), priority: 1),
    ];

    public static IReadOnlyList<TableColumn> Deployment { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Ready", "Ready replicas out of desired replicas.",
            (o, _) => $"{Fields.Long(o, "status", "readyReplicas") ?? 0}/{DesiredReplicas(o)}"),
        TableColumn.Integer("Up-to-date", "Replicas running the latest pod template.", o => Fields.Long(o, "status", "updatedReplicas") ?? 0),
        TableColumn.Integer("Available", "Replicas available to serve.", o => Fields.Long(o, "status", "availableReplicas") ?? 0),
        TableColumn.Age,
        .. TemplateColumns(withSelector: true),
    ];

    public static IReadOnlyList<TableColumn> ReplicaSet { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Integer("Desired", "Replicas wanted.", DesiredReplicas),
        TableColumn.Integer("Current", "Replicas that exist.", o => Fields.Long(o, "status", "replicas") ?? 0),
        TableColumn.Integer("Ready", "Replicas that are ready.", o => Fields.Long(o, "status", "readyReplicas") ?? 0),
        TableColumn.Age,
        .. TemplateColumns(withSelector: true),
    ];

    public static IReadOnlyList<TableColumn> StatefulSet { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Ready", "Ready replicas out of desired replicas.",
            (o, _) => $"{Fields.Long(o, "status", "readyReplicas") ?? 0}/{DesiredReplicas(o)}"),
        TableColumn.Age,
        .. TemplateColumns(withSelector: false),
    ];

    public static IReadOnlyList<TableColumn> DaemonSet { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Integer("Desired", "Nodes that should run the daemon pod.", o => Fields.Long(o, "status", "desiredNumberScheduled") ?? 0),
        TableColumn.Integer("Current", "Nodes running the daemon pod.", o => Fields.Long(o, "status", "currentNumberScheduled") ?? 0),
        TableColumn.Integer("Ready", "Nodes whose daemon pod is ready.", o => Fields.Long(o, "status", "numberReady") ?? 0),
        TableColumn.Integer("Up-to-date", "Nodes running the latest pod template.", o => Fields.Long(o, "status", "updatedNumberScheduled") ?? 0),
        TableColumn.Integer("Available", "Nodes whose daemon pod is available.", o => Fields.Long(o, "status", "numberAvailable") ?? 0),
        TableColumn.Text("Node Selector", "The node selector of the pod template.",
            (o, _) => Fields.LabelMap(Fields.Get(o, "spec", "template", "spec", "nodeSelector"))),
        TableColumn.Age,
        .. TemplateColumns(withSelector: true),
    ];

    public static IReadOnlyList<TableColumn> Job { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Status", "The job's state from its conditions.", (o, _) => JobStatus(o)),
        TableColumn.Text("Completions", "Succeeded pods out of the completions wanted.", (o, _) => JobCompletions(o)),
        TableColumn.Text("Duration", "Time the job ran (or has been running).", (o, now) => JobDuration(o, now)),
        TableColumn.Age,
        .. TemplateColumns(withSelector: true),
    ];

    public static IReadOnlyList<TableColumn> CronJob { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Schedule", "The cron schedule.", (o, _) => Fields.String(o, "spec", "schedule") ?? ""),
        TableColumn.Text("Suspend", "Whether new runs are suspended.", (o, _) => Fields.Bool(o, "spec", "suspend") switch
        {
            true => "True",
            false => "False",
            null => "<unset>",
        }),
        TableColumn.Integer("Active", "Jobs currently running.", o => Fields.Count(o, "status", "active")),
        TableColumn.Text("Last Schedule", "Time since a job was last scheduled.", (o, now) =>
            Fields.String(o, "status", "lastScheduleTime") is { } last ? HumanDuration.Since(last, now) : Fields.None),
        TableColumn.Age,
        .. ContainerColumns("spec", "jobTemplate", "spec", "template", "spec"),
        TableColumn.Text("Selector", "The label selector of the job template.",
            (o, _) => Fields.LabelSelector(Fields.Get(o, "spec", "jobTemplate", "spec", "selector")), priority: 1),
    ];

    // Controllers store spec.replicas defaulted to 1; a missing value means the default.
    private static long DesiredReplicas(JsonObject o) => Fields.Long(o, "spec", "replicas") ?? 1;

    private static IEnumerable<TableColumn> TemplateColumns(bool withSelector)
    {
        foreach (var column in ContainerColumns("spec", "template", "spec"))
        {
            yield return column;
        }

        if (withSelector)
        {
            yield return TableColumn.Text("Selector", "The label selector of the pods.",
                (o, _) => Fields.LabelSelector(Fields.Get(o, "spec", "selector")), priority: 1);
        }
    }

    private static TableColumn[] ContainerColumns(params string[] podSpecPath) =>
    [
        TableColumn.Text("Containers", "Names of the containers in the pod template.",
            (o, _) => string.Join(',', Fields.Objects(Fields.Get(o, podSpecPath), "containers").Select(c => Fields.String(c, "name") ?? "")), priority: 1),
        TableColumn.Text("Images", "Images of the containers in the pod template.",
            (o, _) => string.Join(',', Fields.Objects(Fields.Get(o, podSpecPath), "containers").Select(c => Fields.String(c, "image") ?? "")), priority: 1),
    ];

    private static string ReadinessGates(JsonObject pod)
    {
        var gates = Fields.Objects(pod, "spec", "readinessGates").Select(g => Fields.String(g, "conditionType")).ToList();
        if (gates.Count == 0)
        {
            return Fields.None;
        }

        var met = gates.Count(gate => Fields.Objects(pod, "status", "conditions")
            .Any(c => Fields.String(c, "type") == gate && Fields.String(c, "status") == "True"));
        return $"{met}/{gates.Count}";
    }

    private static bool HasCondition(JsonObject job, string type) =>
        Fields.Objects(job, "status", "conditions").Any(c => Fields.String(c, "type") == type && Fields.String(c, "status") == "True");

    private static string JobStatus(JsonObject job)
    {
        if (HasCondition(job, "Complete"))
        {
            return "Complete";
        }

        if (HasCondition(job, "Failed"))
        {
            return "Failed";
        }

        if (Fields.Get(job, "metadata", "deletionTimestamp") is not null)
        {
            return "Terminating";
        }

        if (HasCondition(job, "SuccessCriteriaMet"))
        {
            return "SuccessCriteriaMet";
        }

        if (HasCondition(job, "FailureTarget"))
        {
            return "FailureTarget";
        }

        return HasCondition(job, "Suspended") ? "Suspended" : "Running";
    }

    private static string JobCompletions(JsonObject job)
    {
        var succeeded = Fields.Long(job, "status", "succeeded") ?? 0;
        if (Fields.Long(job, "spec", "completions") is { } completions)
        {
            return $"{succeeded}/{completions}";
        }

        // Without completions, any one success finishes the job; parallel work queues say how many run at once.
        return Fields.Long(job, "spec", "parallelism") is > 1 and var parallelism
            ? $"{succeeded}/1 of {parallelism}"
            : $"{succeeded}/1";
    }

    private static string JobDuration(JsonObject job, DateTimeOffset now)
    {
        if (!HumanDuration.TryParseTime(Fields.String(job, "status", "startTime"), out var start))
        {
            return "";
        }

        var end = HumanDuration.TryParseTime(Fields.String(job, "status", "completionTime"), out var completion) ? completion : now;
        return HumanDuration.Format(end - start);
    }
}
