using System.Text.Json.Nodes;

namespace Fleet.Simulator.Admission;

/// <summary>
/// HorizontalPodAutoscaler's spec rules, with the real server's messages: a target kind and name, and replica
/// limits with 1 &lt;= minReplicas &lt;= maxReplicas (scaling to zero is behind a feature gate that is off by default).
/// </summary>
internal static class AutoscalerValidation
{
    public static void Validate(JsonObject? spec, List<FieldError> errors)
    {
        var target = Json.Object(spec, "scaleTargetRef");
        if (string.IsNullOrEmpty(Json.String(target, "kind")))
        {
            errors.Add(FieldError.Required("spec.scaleTargetRef.kind"));
        }
        if (string.IsNullOrEmpty(Json.String(target, "name")))
        {
            errors.Add(FieldError.Required("spec.scaleTargetRef.name"));
        }
        var min = Json.Integer(spec, "minReplicas");
        if (min is < 1)
        {
            errors.Add(FieldError.Invalid("spec.minReplicas", spec?["minReplicas"], "must be greater than or equal to 1"));
        }
        var max = Json.Integer(spec, "maxReplicas") ?? 0;
        if (max < 1)
        {
            errors.Add(FieldError.Invalid("spec.maxReplicas", JsonValue.Create(max), "must be greater than 0"));
        }
        else if (min is { } floor && max < floor)
        {
            errors.Add(FieldError.Invalid("spec.maxReplicas", JsonValue.Create(max), "must be greater than or equal to `minReplicas`"));
        }
    }
}
