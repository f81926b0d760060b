using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>Turns a CustomResourceDefinition into the resource types it serves.</summary>
public static class CustomResourceTypes
{
    /// <summary>
    /// One <see cref="ResourceType"/> per served version, in Kubernetes version priority order (the preferred
    /// version first: GA before beta before alpha, higher numbers first, then other names alphabetically) —
    /// the order discovery lists them in, whatever the CRD's own order and whichever version is stored.
    /// </summary>
    public static IReadOnlyList<ResourceType> FromDefinition(JsonObject crd)
    {
        var spec = Json.Object(crd, "spec");
        var names = Json.Object(spec, "names");
        var kind = Json.String(names, "kind") ?? "";
        var group = Json.String(spec, "group") ?? "";
        var namespaced = Json.String(spec, "scope") != "Cluster";

        return Json.Objects(Json.Array(spec, "versions"))
            .Where(v => Json.Boolean(v, "served") == true)
            .OrderBy(v => Json.String(v, "name") ?? "", VersionPriority.Comparer)
            .Select(version =>
            {
                var subresources = Json.Object(version, "subresources");
                var scale = Json.Object(subresources, "scale");
                return new ResourceType
                {
                    Group = group,
                    Version = Json.String(version, "name") ?? "",
                    Kind = kind,
                    Plural = Json.String(names, "plural") ?? "",
                    Singular = Json.String(names, "singular") ?? kind.ToLowerInvariant(),
                    Namespaced = namespaced,
                    ShortNames = Strings(Json.Array(names, "shortNames")),
                    Categories = Strings(Json.Array(names, "categories")),
                    HasStatus = subresources?["status"] is not null,
                    HasScale = scale is not null,
                    Generation = GenerationPolicy.AllButMetadata,
                    IsCustom = true,
                    // DeepClone: the type outlives the CRD object and a node can only have one parent.
                    Schema = Json.Object(Json.Object(version, "schema"), "openAPIV3Schema")?.DeepClone().AsObject(),
                    PrinterColumns = [.. Json.Objects(Json.Array(version, "additionalPrinterColumns")).Select(Column)],
                    SpecReplicasPath = Json.String(scale, "specReplicasPath") ?? ".spec.replicas",
                    StatusReplicasPath = Json.String(scale, "statusReplicasPath") ?? ".status.replicas",
                };
            })
            .ToList();
    }

    private static PrinterColumn Column(JsonObject column) => new(
        Json.String(column, "name") ?? "",
        Json.String(column, "type") ?? "string",
        Json.String(column, "jsonPath") ?? "",
        (int)(Json.Integer(column, "priority") ?? 0),
        Json.String(column, "description"));

    private static string[] Strings(JsonArray? array) =>
        [.. (array ?? []).Select(n => n is JsonValue v && v.TryGetValue(out string? s) ? s : null).OfType<string>()];
}
