using System.Text.Json.Nodes;

namespace Fleet.Simulator.Tables;

/// <summary>
/// Table columns of HorizontalPodAutoscaler, as kubectl's printer defines them (Reference, Targets, MinPods, MaxPods,
/// Replicas, Age). Computed from the stored autoscaling/v2 form, whichever version the client asked for.
/// </summary>
internal static class AutoscalerColumns
{
    // kubectl lists the first few metrics and summarizes the rest.
    private const int ShownMetrics = 3;

    public static IReadOnlyList<TableColumn> HorizontalPodAutoscaler { get; } =
    [
        TableColumn.ObjectName,
        TableColumn.Text("Reference", "The scale target: kind/name.",
            (o, _) => $"{Fields.String(o, "spec", "scaleTargetRef", "kind")}/{Fields.String(o, "spec", "scaleTargetRef", "name")}"),
        TableColumn.Text("Targets", "Current and target value of each metric.", (o, _) => Targets(o)),
        TableColumn.Text("MinPods", "The lower limit of replicas.",
            (o, _) => Fields.Long(o, "spec", "minReplicas") is { } min ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : "<unset>"),
        TableColumn.Integer("MaxPods", "The upper limit of replicas.", o => Fields.Long(o, "spec", "maxReplicas") ?? 0),
        TableColumn.Integer("Replicas", "The current number of replicas.", o => Fields.Long(o, "status", "currentReplicas") ?? 0),
        TableColumn.Age,
    ];

    // Each metric prints as "<name>: <current>/<target>"; the simulator has no metrics server, so current values are
    // "<unknown>" unless a status carries them.
    private static string Targets(JsonObject hpa)
    {
        var specs = Fields.Objects(hpa, "spec", "metrics").ToList();
        if (specs.Count == 0)
        {
            return "<none>";
        }
        var current = Fields.Objects(hpa, "status", "currentMetrics").ToList();
        var shown = specs.Take(ShownMetrics).Select((metric, i) => Target(metric, i < current.Count ? current[i] : null)).ToList();
        var text = string.Join(", ", shown);
        return specs.Count > ShownMetrics ? $"{text} + {specs.Count - ShownMetrics} more..." : text;
    }

    private static string Target(JsonObject metric, JsonObject? current)
    {
        var type = Fields.String(metric, "type") ?? "";
        var source = type switch
        {
            "Resource" => "resource",
            "ContainerResource" => "containerResource",
            "Pods" => "pods",
            "Object" => "object",
            "External" => "external",
            _ => "",
        };
        var name = type is "Resource" or "ContainerResource"
            ? Fields.String(metric, source, "name") ?? ""
            : Fields.String(metric, source, "metric", "name") ?? "";
        var target = Fields.Get(metric, source, "target");
        var currentValue = Fields.Get(current, source, "current");
        return Fields.String(target, "type") == "Utilization"
            ? $"{name}: {Percent(Fields.Get(currentValue, "averageUtilization"))}/{Percent(Fields.Get(target, "averageUtilization"))}"
            : $"{name}: {Quantity(currentValue)}/{Quantity(target)}";
    }

    private static string Percent(JsonNode? value) => value is null ? "<unknown>" : Fields.Text(value) + "%";

    private static string Quantity(JsonNode? value) =>
        (Fields.Get(value, "averageValue") ?? Fields.Get(value, "value")) is { } quantity ? Fields.Text(quantity) : "<unknown>";
}
