using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;

namespace Fleet.Simulator.Controllers;

/// <summary>Helpers that shape status objects the way Go serialises them (zero counts with omitempty are left out).</summary>
internal static class StatusBuilder
{
    /// <summary>Adds <paramref name="value"/> unless it is zero, like an <c>int32</c> field tagged omitempty.</summary>
    public static void Count(JsonObject status, string name, long value)
    {
        if (value != 0)
        {
            status[name] = value;
        }
    }

    /// <summary>
    /// The step to return: no status when it equals the current one. The status is re-parsed so every value is
    /// backed by JSON like a stored object's (CLR-typed values only convert to their exact type).
    /// </summary>
    public static ControllerStep Step(JsonObject obj, JsonObject status, TimeSpan? requeueAfter) =>
        new(JsonNode.DeepEquals(obj["status"], status) ? null : JsonNode.Parse(status.ToJsonString())!.AsObject(), requeueAfter);

    public static long Generation(JsonObject obj) => Json.Integer(Json.Object(obj, "metadata"), "generation") ?? 1;

    public static string Name(JsonObject obj) => Json.String(Json.Object(obj, "metadata"), "name") ?? "";

    /// <summary>The short hash real controllers name revisions with, computed from the pod template.</summary>
    public static string TemplateHash(JsonObject? template) => StableHash.SafeEncoded(Json.Canonical(template));
}
