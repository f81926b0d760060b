using System.Text.Json.Nodes;
using Fleet.Simulator.FieldManagement;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tests.FieldManagement;

/// <summary>Shared helpers: parsing JSON literals and reading managedFields.</summary>
internal static class Json
{
    public static readonly DateTimeOffset T1 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    public static MergeSchema Deployments => MergeSchema.For(BuiltInTypes.Deployment);

    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonArray ManagedFields(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    public static JsonObject Entry(JsonObject obj, string manager, string operation = "Apply") =>
        ManagedFields(obj).Select(e => e!.AsObject())
            .Single(e => (string?)e["manager"] == manager && (string?)e["operation"] == operation);

    public static JsonObject? FindEntry(JsonObject obj, string manager, string operation = "Apply") =>
        obj["metadata"]?["managedFields"]?.AsArray().Select(e => e!.AsObject())
            .SingleOrDefault(e => (string?)e["manager"] == manager && (string?)e["operation"] == operation);

    public static JsonObject FieldsV1(JsonObject obj, string manager, string operation = "Apply") =>
        Entry(obj, manager, operation)["fieldsV1"]!.AsObject();

    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}\nActual   {actual?.ToJsonString()}");

    /// <summary>Applies and asserts success.</summary>
    public static JsonObject Applied(JsonObject? live, string config, string manager, MergeSchema? schema = null,
        bool force = false, DateTimeOffset? now = null)
    {
        var outcome = FieldManager.Apply(live, Obj(config), manager, force, schema ?? Deployments, "apps/v1", now ?? T1);
        Assert.True(outcome.Succeeded, FieldManager.FormatConflictMessage(outcome.Conflicts));
        return outcome.Object!;
    }
}
