using System.Text.Json.Nodes;
using Fleet.Kubernetes.Names;
using Fleet.Kubernetes.Quantities;

namespace Fleet.Simulator.Admission;

/// <summary>The pod spec rules a manifest most often breaks: containers, names, images, ports, policies, quantities.</summary>
internal static class PodSpecValidation
{
    public static readonly string[] AnyRestartPolicy = ["Always", "OnFailure", "Never"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    public static void Validate(JsonObject? spec, string path, IReadOnlyList<string> restartPolicies, List<FieldError> errors)
    {
        var containers = Json.Array(spec, "containers");
        if (containers is null || containers.Count == 0)
        {
            errors.Add(FieldError.Required(path + ".containers"));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        ValidateContainers(Json.Array(spec, "initContainers"), path + ".initContainers", names, errors);
        ValidateContainers(containers, path + ".containers", names, errors);

        if (Json.String(spec, "restartPolicy") is { } restart && !restartPolicies.Contains(restart))
        {
            errors.Add(FieldError.NotSupported(path + ".restartPolicy", restart, restartPolicies));
        }
        if (Json.String(spec, "dnsPolicy") is { } dns && !DnsPolicies.Contains(dns))
        {
            errors.Add(FieldError.NotSupported(path + ".dnsPolicy", dns, DnsPolicies));
        }
        WorkloadValidation.NonNegative(spec, "terminationGracePeriodSeconds", path + ".terminationGracePeriodSeconds", errors);
    }

    private static void ValidateContainers(JsonArray? containers, string path, HashSet<string> names, List<FieldError> errors)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var container = containers![i] as JsonObject;
            var at = FieldError.Index(path, i);
            var name = Json.String(container, "name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(FieldError.Required(at + ".name"));
            }
            else
            {
                foreach (var message in NameRules.ValidateDns1123Label(name))
                {
                    errors.Add(FieldError.Invalid(at + ".name", name, message));
                }
                if (!names.Add(name))
                {
                    errors.Add(FieldError.Duplicate(at + ".name", name));
                }
            }
            if (string.IsNullOrWhiteSpace(Json.String(container, "image")))
            {
                errors.Add(FieldError.Required(at + ".image"));
            }
            if (Json.String(container, "imagePullPolicy") is { } pull && !PullPolicies.Contains(pull))
            {
                errors.Add(FieldError.NotSupported(at + ".imagePullPolicy", pull, PullPolicies));
            }
            ValidatePorts(Json.Array(container, "ports"), at + ".ports", errors);
            ValidateResources(Json.Object(container, "resources"), at + ".resources", errors);
        }
    }

    private static void ValidatePorts(JsonArray? ports, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i] as JsonObject;
            var at = FieldError.Index(path, i);
            if (port?["containerPort"] is null)
            {
                errors.Add(FieldError.Required(at + ".containerPort"));
            }
            else if (Json.Integer(port, "containerPort") is not (>= 1 and <= 65535))
            {
                errors.Add(FieldError.Invalid(at + ".containerPort", port["containerPort"], "must be between 1 and 65535, inclusive"));
            }
            if (Json.String(port, "protocol") is { } protocol && !Protocols.Contains(protocol))
            {
                errors.Add(FieldError.NotSupported(at + ".protocol", protocol, Protocols));
            }
        }
    }

    /// <summary>Every quantity of <c>limits</c> and <c>requests</c> must parse and not be negative.</summary>
    internal static void ValidateResources(JsonObject? resources, string path, List<FieldError> errors)
    {
        foreach (var list in new[] { "limits", "requests" })
        {
            foreach (var (name, value) in Json.Object(resources, list) ?? [])
            {
                var field = $"{path}.{list}[{name}]";
                var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "";
                if (!Quantity.TryCanonicalize(text, out var canonical))
                {
                    errors.Add(FieldError.Invalid(field, text, Quantity.FormatMessage));
                }
                else if (canonical.StartsWith('-'))
                {
                    errors.Add(FieldError.Invalid(field, text, "must be greater than or equal to 0"));
                }
            }
        }
    }
}
