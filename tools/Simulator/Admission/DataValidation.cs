using System.Text.Json.Nodes;
using Fleet.Kubernetes.Names;

namespace Fleet.Simulator.Admission;

/// <summary>Rules for ConfigMap and Secret keys and for PersistentVolumeClaim specs.</summary>
internal static class DataValidation
{
    private static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    private static readonly string[] VolumeModes = ["Block", "Filesystem"];

    public static void ValidateConfigMap(JsonObject configMap, List<FieldError> errors)
    {
        var data = Json.Object(configMap, "data");
        var binary = Json.Object(configMap, "binaryData");
        ValidateKeys(data, "data", errors);
        ValidateKeys(binary, "binaryData", errors);
        foreach (var (key, _) in data ?? [])
        {
            if (binary?.ContainsKey(key) == true)
            {
                errors.Add(FieldError.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
            }
        }
    }

    public static void ValidateSecret(JsonObject secret, List<FieldError> errors)
    {
        ValidateKeys(Json.Object(secret, "data"), "data", errors);
        foreach (var (key, value) in Json.Object(secret, "data") ?? [])
        {
            // The real server rejects bad base64 while decoding (400); here it surfaces as an invalid value.
            var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : "";
            if (!IsBase64(text))
            {
                errors.Add(FieldError.Invalid($"data[{key}]", "<secret contents redacted>", "illegal base64 data"));
            }
        }
        var type = Json.String(secret, "type");
        if (type == "kubernetes.io/tls")
        {
            foreach (var key in new[] { "tls.crt", "tls.key" })
            {
                if (Json.Object(secret, "data")?.ContainsKey(key) != true)
                {
                    errors.Add(FieldError.Required($"data[{key}]"));
                }
            }
        }
    }

    public static void ValidateClaim(JsonObject? spec, List<FieldError> errors)
    {
        var modes = Json.Array(spec, "accessModes");
        if (modes is null || modes.Count == 0)
        {
            errors.Add(FieldError.Required("spec.accessModes", "at least 1 access mode is required"));
        }
        foreach (var mode in modes ?? [])
        {
            var text = mode is JsonValue v && v.TryGetValue(out string? s) ? s : mode?.ToJsonString() ?? "";
            if (!AccessModes.Contains(text))
            {
                errors.Add(FieldError.NotSupported("spec.accessModes", text, AccessModes));
            }
        }
        if (Json.String(spec, "volumeMode") is { } volumeMode && !VolumeModes.Contains(volumeMode))
        {
            errors.Add(FieldError.NotSupported("spec.volumeMode", volumeMode, VolumeModes));
        }
        var resources = Json.Object(spec, "resources");
        if (Json.Object(resources, "requests")?["storage"] is null)
        {
            errors.Add(FieldError.Required("spec.resources[storage]"));
        }
        PodSpecValidation.ValidateResources(resources, "spec.resources", errors);
    }

    private static void ValidateKeys(JsonObject? data, string field, List<FieldError> errors)
    {
        foreach (var (key, _) in data ?? [])
        {
            foreach (var message in NameRules.ValidateConfigKey(key))
            {
                errors.Add(FieldError.Invalid($"{field}[{key}]", key, message));
            }
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
