using System.Text.Json.Nodes;
using Fleet.Kubernetes.Names;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Admission;

/// <summary>
/// Validation of complete objects (after defaulting), giving the field errors a real API server answers with 422.
/// Covers metadata names, labels and annotations, the workload, Service, ConfigMap, Secret and claim rules a
/// manifest author most often trips on, and required/type checks of custom resources against their CRD schema.
/// </summary>
public static class Validator
{
    /// <summary>Validates <paramref name="obj"/> as a <paramref name="type"/>; an empty list means valid.</summary>
    public static IReadOnlyList<FieldError> Validate(ResourceType type, JsonObject obj)
    {
        var errors = new List<FieldError>();
        ValidateMetadata(type, Json.Object(obj, "metadata"), errors);
        if (type.IsCustom)
        {
            SchemaValidation.Validate(type.Schema, obj, errors);
            return errors;
        }
        var spec = Json.Object(obj, "spec");
        switch (type.Group, type.Kind)
        {
            case ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet"):
                WorkloadValidation.ValidateReplicated(type.Kind, spec, errors);
                break;
            case ("autoscaling", "HorizontalPodAutoscaler"):
                AutoscalerValidation.Validate(spec, errors);
                break;
            case ("batch", "Job"):
                WorkloadValidation.ValidateJob(spec, errors);
                break;
            case ("", "Pod"):
                PodSpecValidation.Validate(spec, "spec", PodSpecValidation.AnyRestartPolicy, errors);
                break;
            case ("", "Service"):
                ServiceValidation.Validate(spec, errors);
                break;
            case ("", "ConfigMap"):
                DataValidation.ValidateConfigMap(obj, errors);
                break;
            case ("", "Secret"):
                DataValidation.ValidateSecret(obj, errors);
                break;
            case ("", "PersistentVolumeClaim"):
                DataValidation.ValidateClaim(spec, errors);
                break;
            case ("apiextensions.k8s.io", "CustomResourceDefinition"):
                CustomResourceDefinitionValidation.Validate(obj, errors);
                break;
            default:
                break;
        }
        return errors;
    }

    /// <summary>
    /// The Status message of a 422 answer: <c>Deployment.apps "web" is invalid: metadata.name: Invalid value: ...</c>,
    /// with several errors joined as <c>[err1, err2]</c>.
    /// </summary>
    public static string FormatInvalidMessage(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var prefix = $"{type.GroupKind} \"{name}\" is invalid";
        return errors.Count switch
        {
            0 => prefix,
            1 => $"{prefix}: {errors[0]}",
            _ => $"{prefix}: [{string.Join(", ", errors)}]",
        };
    }

    private static void ValidateMetadata(ResourceType type, JsonObject? metadata, List<FieldError> errors)
    {
        var name = Json.String(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            // generateName is resolved by the caller before validation; a name must exist by now.
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var message in NameErrors(type, name))
            {
                errors.Add(FieldError.Invalid("metadata.name", name, message));
            }
        }
        ValidateLabels(Json.Object(metadata, "labels"), "metadata.labels", errors);
        ValidateAnnotations(Json.Object(metadata, "annotations"), errors);
    }

    private static IReadOnlyList<string> NameErrors(ResourceType type, string name) => (type.Group, type.Kind) switch
    {
        ("", "Namespace") => NameRules.ValidateDns1123Label(name),
        ("", "Service") => NameRules.ValidateDns1035Label(name),
        ("rbac.authorization.k8s.io", _) => NameRules.ValidatePathSegment(name),
        _ => NameRules.ValidateDns1123Subdomain(name),
    };

    /// <summary>Label keys must be qualified names and values valid label values.</summary>
    internal static void ValidateLabels(JsonObject? labels, string field, List<FieldError> errors)
    {
        if (labels is null)
        {
            return;
        }
        foreach (var (key, value) in labels)
        {
            foreach (var message in NameRules.ValidateQualifiedName(key))
            {
                errors.Add(FieldError.Invalid(field, key, message));
            }
            var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "";
            foreach (var message in NameRules.ValidateLabelValue(text))
            {
                errors.Add(FieldError.Invalid(field, text, message));
            }
        }
    }

    private static void ValidateAnnotations(JsonObject? annotations, List<FieldError> errors)
    {
        if (annotations is null)
        {
            return;
        }
        foreach (var (key, _) in annotations)
        {
            foreach (var message in NameRules.ValidateQualifiedName(key))
            {
                errors.Add(FieldError.Invalid("metadata.annotations", key, message));
            }
        }
    }
}
