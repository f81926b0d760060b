using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>
/// Simulates the apiextensions controllers for a CRD without name conflicts: NamesAccepted (<c>NoConflicts</c>) and
/// Established (<c>InitialNamesAccepted</c>) at once, <c>acceptedNames</c> from <c>spec.names</c>, and
/// <c>storedVersions</c> growing by the storage version (never shrinking, as on a real server).
/// Checking names against other CRDs is left to the host.
/// </summary>
public sealed class CustomResourceDefinitionController : IController
{
    /// <inheritdoc />
    public bool Handles(ResourceType type) => !type.IsCustom && type.Group == "apiextensions.k8s.io" && type.Kind == "CustomResourceDefinition";

    /// <inheritdoc />
    public ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options)
    {
        var spec = Json.Object(obj, "spec");
        var previous = Json.Object(obj, "status");
        var names = Json.Object(spec, "names");
        var kind = Json.String(names, "kind") ?? "";

        var accepted = new JsonObject();
        if (Json.Array(names, "categories") is { Count: > 0 } categories)
        {
            accepted["categories"] = categories.DeepClone();
        }
        accepted["kind"] = kind;
        accepted["listKind"] = Json.String(names, "listKind") ?? kind + "List";
        accepted["plural"] = Json.String(names, "plural") ?? "";
        if (Json.Array(names, "shortNames") is { Count: > 0 } shortNames)
        {
            accepted["shortNames"] = shortNames.DeepClone();
        }
        accepted["singular"] = Json.String(names, "singular") ?? kind.ToLowerInvariant();

        var stored = (Json.Array(previous, "storedVersions") ?? []).Select(v => Json.Text(v) ?? "").ToList();
        var storage = Json.Objects(Json.Array(spec, "versions")).FirstOrDefault(v => Json.Boolean(v, "storage") == true);
        if (Json.String(storage, "name") is { } storageName && !stored.Contains(storageName))
        {
            stored.Add(storageName);
        }

        var status = new JsonObject
        {
            ["acceptedNames"] = accepted,
            ["conditions"] = new JsonArray(
                Conditions.Make(Conditions.Find(previous, "NamesAccepted"), ConditionStyle.Transition, "NamesAccepted", "True",
                    "NoConflicts", "no conflicts found", now),
                Conditions.Make(Conditions.Find(previous, "Established"), ConditionStyle.Transition, "Established", "True",
                    "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray([.. stored.Select(v => (JsonNode)v)]),
        };
        return StatusBuilder.Step(obj, status, null);
    }
}
