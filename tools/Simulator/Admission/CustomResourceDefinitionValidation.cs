using System.Text.Json.Nodes;

namespace Fleet.Simulator.Admission;

/// <summary>The CRD rules that keep a definition servable: name, group, names, scope and one storage version.</summary>
internal static class CustomResourceDefinitionValidation
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];

    public static void Validate(JsonObject crd, List<FieldError> errors)
    {
        var spec = Json.Object(crd, "spec");
        var group = Json.String(spec, "group");
        var names = Json.Object(spec, "names");
        var plural = Json.String(names, "plural");
        var name = Json.String(Json.Object(crd, "metadata"), "name");
        if (string.IsNullOrEmpty(group))
        {
            errors.Add(FieldError.Required("spec.group"));
        }
        if (string.IsNullOrEmpty(plural))
        {
            errors.Add(FieldError.Required("spec.names.plural"));
        }
        if (string.IsNullOrEmpty(Json.String(names, "kind")))
        {
            errors.Add(FieldError.Required("spec.names.kind"));
        }
        if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(group) && !string.IsNullOrEmpty(plural) && name != $"{plural}.{group}")
        {
            errors.Add(FieldError.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        var scope = Json.String(spec, "scope");
        if (scope is null)
        {
            errors.Add(FieldError.Required("spec.scope"));
        }
        else if (!Scopes.Contains(scope))
        {
            errors.Add(FieldError.NotSupported("spec.scope", scope, Scopes));
        }
        var versions = Json.Objects(Json.Array(spec, "versions")).ToList();
        if (versions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.versions", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => Json.Boolean(v, "storage") == true) != 1)
        {
            errors.Add(FieldError.Invalid("spec.versions", Json.Array(spec, "versions")!.DeepClone(), "must have exactly one version marked as storage version"));
        }
    }
}
