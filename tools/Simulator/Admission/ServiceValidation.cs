using System.Text.Json.Nodes;
using Fleet.Kubernetes.Names;

namespace Fleet.Simulator.Admission;

/// <summary>Service rules: type, ports (range, names, uniqueness) and the ExternalName target.</summary>
internal static class ServiceValidation
{
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] Affinities = ["ClientIP", "None"];

    public static void Validate(JsonObject? spec, List<FieldError> errors)
    {
        var type = Json.String(spec, "type") ?? "ClusterIP";
        if (!Types.Contains(type))
        {
            errors.Add(FieldError.NotSupported("spec.type", type, Types));
        }
        if (Json.String(spec, "sessionAffinity") is { } affinity && !Affinities.Contains(affinity))
        {
            errors.Add(FieldError.NotSupported("spec.sessionAffinity", affinity, Affinities));
        }
        var ports = Json.Array(spec, "ports");
        if (type == "ExternalName")
        {
            if (string.IsNullOrEmpty(Json.String(spec, "externalName")))
            {
                errors.Add(FieldError.Required("spec.externalName"));
            }
        }
        else if ((ports is null || ports.Count == 0) && Json.String(spec, "clusterIP") != "None")
        {
            errors.Add(FieldError.Required("spec.ports"));
        }
        ValidatePorts(ports, type, errors);
    }

    private static void ValidatePorts(JsonArray? ports, string type, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var count = ports?.Count ?? 0;
        for (var i = 0; i < count; i++)
        {
            var port = ports![i] as JsonObject;
            var at = FieldError.Index("spec.ports", i);
            var name = Json.String(port, "name");
            if (string.IsNullOrEmpty(name))
            {
                // A single port may be unnamed; with several, each needs a name so endpoints can tell them apart.
                if (count > 1)
                {
                    errors.Add(FieldError.Required(at + ".name"));
                }
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
            if (port?["port"] is null)
            {
                errors.Add(FieldError.Required(at + ".port"));
            }
            else if (Json.Integer(port, "port") is not (>= 1 and <= 65535))
            {
                errors.Add(FieldError.Invalid(at + ".port", port["port"], "must be between 1 and 65535, inclusive"));
            }
            var protocol = Json.String(port, "protocol") ?? "TCP";
            if (!Protocols.Contains(protocol))
            {
                errors.Add(FieldError.NotSupported(at + ".protocol", protocol, Protocols));
            }
            if (Json.Integer(port, "port") is { } number && !keys.Add($"{number}/{protocol}"))
            {
                errors.Add(FieldError.Duplicate(at, new JsonObject { ["port"] = number, ["protocol"] = protocol }));
            }
            if (port?["nodePort"] is not null && type == "ClusterIP")
            {
                errors.Add(FieldError.Forbidden(at + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
            }
        }
    }
}
