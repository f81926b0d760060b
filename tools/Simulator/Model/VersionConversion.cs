using System.Text.Json.Nodes;

namespace Fleet.Simulator.Model;

/// <summary>
/// Built-in kinds served at more than one version keep one stored form, as a real API server does: objects are
/// stored at the storage version and converted for requests at another version, on the way in and on the way out.
/// Only HorizontalPodAutoscaler needs this here: it is stored at autoscaling/v2 and also served at autoscaling/v1.
/// </summary>
public static class VersionConversion
{
    // Where autoscaling/v1 keeps what it has no field for, so a v1 read-modify-write loses nothing (as upstream).
    private const string MetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    private const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    private const string CurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";

    /// <summary>The type objects of <paramref name="served"/> are stored as.</summary>
    public static ResourceType Storage(ResourceType served) =>
        served == BuiltInTypes.HorizontalPodAutoscalerV1 ? BuiltInTypes.HorizontalPodAutoscaler : served;

    /// <summary>True when requests at <paramref name="served"/> need their objects converted.</summary>
    public static bool Converts(ResourceType served) => Storage(served) != served;

    /// <summary>A stored object as a client of <paramref name="served"/> sees it (the object itself when no conversion applies).</summary>
    public static JsonObject ToServed(ResourceType served, JsonObject stored) =>
        Converts(served) ? AutoscalerToV1(stored) : stored;

    /// <summary>An object written at <paramref name="served"/>, in its storage form.</summary>
    public static JsonObject ToStorage(ResourceType served, JsonObject written) =>
        Converts(served) ? AutoscalerToV2(written) : written;

    /// <summary>The wire bytes of a stored object for a client of <paramref name="served"/>.</summary>
    public static byte[] Encode(ResourceType served, byte[] storedJson, System.Text.Json.JsonSerializerOptions options) =>
        Converts(served)
            ? System.Text.Encoding.UTF8.GetBytes(AutoscalerToV1(JsonNode.Parse(storedJson)!.AsObject()).ToJsonString(options))
            : storedJson;

    /// <summary>
    /// autoscaling/v2 to v1: the first cpu Utilization metric becomes <c>targetCPUUtilizationPercentage</c>; other
    /// metrics and the conditions go to annotations, as upstream's conversion keeps them.
    /// </summary>
    public static JsonObject AutoscalerToV1(JsonObject v2)
    {
        var result = (JsonObject)v2.DeepClone();
        result["apiVersion"] = "autoscaling/v1";
        if (result["spec"] is JsonObject spec)
        {
            var metrics = spec["metrics"] as JsonArray;
            spec.Remove("metrics");
            spec.Remove("behavior");
            var cpu = metrics?.OfType<JsonObject>().FirstOrDefault(IsCpuUtilization);
            if (cpu?["resource"]?["target"]?["averageUtilization"] is { } target)
            {
                spec["targetCPUUtilizationPercentage"] = target.DeepClone();
            }
            var others = new JsonArray([.. (metrics ?? []).OfType<JsonObject>().Where(m => m != cpu).Select(m => m.DeepClone())]);
            if (others.Count > 0)
            {
                Annotations(result)[MetricsAnnotation] = others.ToJsonString();
            }
        }
        if (result["status"] is JsonObject status)
        {
            var current = status["currentMetrics"] as JsonArray;
            status.Remove("currentMetrics");
            var cpu = current?.OfType<JsonObject>().FirstOrDefault(m => (string?)m["type"] == "Resource" && (string?)m["resource"]?["name"] == "cpu");
            if (cpu?["resource"]?["current"]?["averageUtilization"] is { } utilization)
            {
                status["currentCPUUtilizationPercentage"] = utilization.DeepClone();
            }
            if (current is { Count: > 0 })
            {
                Annotations(result)[CurrentMetricsAnnotation] = current.ToJsonString();
            }
            if (status["conditions"] is JsonArray conditions)
            {
                status.Remove("conditions");
                Annotations(result)[ConditionsAnnotation] = conditions.ToJsonString();
            }
        }
        return result;
    }

    /// <summary>autoscaling/v1 to v2: the inverse of <see cref="AutoscalerToV1"/>, restoring what the annotations kept.</summary>
    public static JsonObject AutoscalerToV2(JsonObject v1)
    {
        var result = (JsonObject)v1.DeepClone();
        result["apiVersion"] = "autoscaling/v2";
        var annotations = result["metadata"]?["annotations"] as JsonObject;
        var kept = Take(annotations, MetricsAnnotation);
        var conditions = Take(annotations, ConditionsAnnotation);
        var currentMetrics = Take(annotations, CurrentMetricsAnnotation);
        if (annotations is { Count: 0 })
        {
            result["metadata"]!.AsObject().Remove("annotations");
        }
        if (result["spec"] is JsonObject spec)
        {
            var metrics = new JsonArray();
            if (spec["targetCPUUtilizationPercentage"] is { } target)
            {
                metrics.Add(new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject
                    {
                        ["name"] = "cpu",
                        ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = target.DeepClone() },
                    },
                });
            }
            spec.Remove("targetCPUUtilizationPercentage");
            foreach (var metric in kept ?? [])
            {
                metrics.Add(metric?.DeepClone());
            }
            if (metrics.Count > 0)
            {
                spec["metrics"] = metrics;
            }
        }
        if (result["status"] is JsonObject status)
        {
            status.Remove("currentCPUUtilizationPercentage");
            if (currentMetrics is not null)
            {
                status["currentMetrics"] = currentMetrics;
            }
            if (conditions is not null)
            {
                status["conditions"] = conditions;
            }
        }
        return result;
    }

    private static bool IsCpuUtilization(JsonObject metric) =>
        (string?)metric["type"] == "Resource" && (string?)metric["resource"]?["name"] == "cpu"
        && (string?)metric["resource"]?["target"]?["type"] == "Utilization";

    private static JsonObject Annotations(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }
        return annotations;
    }

    // A JSON array kept in an annotation; unreadable text is dropped, as the annotation is only a carrier.
    private static JsonArray? Take(JsonObject? annotations, string key)
    {
        if (annotations?[key] is not JsonValue value || !value.TryGetValue(out string? text))
        {
            return null;
        }
        annotations.Remove(key);
        try
        {
            return JsonNode.Parse(text) as JsonArray;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
