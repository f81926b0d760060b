using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;

namespace Fleet.Simulator.Tests.Controllers;

/// <summary>Drives a controller the way the host does: reconcile, write the status back, wait as asked, repeat.</summary>
internal static class Simulation
{
    public static readonly DateTimeOffset Created = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static ControllerOptions Options { get; } = new();

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>One reconcile at <paramref name="now"/>, applying the returned status.</summary>
    public static ControllerStep Step(IController controller, JsonObject obj, DateTimeOffset now)
    {
        var step = controller.Reconcile(obj, now, Options);
        if (step.Status is not null)
        {
            obj["status"] = step.Status.DeepClone();
        }
        return step;
    }

    /// <summary>
    /// Reconciles until the controller has nothing more to write or wait for (or the time limit), returning each
    /// written status with its time. A write triggers an immediate reconcile, as a watch would.
    /// </summary>
    public static List<(DateTimeOffset Time, JsonObject Status)> RunUntilSteady(IController controller, JsonObject obj, DateTimeOffset start, TimeSpan limit)
    {
        var history = new List<(DateTimeOffset, JsonObject)>();
        var now = start;
        for (var i = 0; i < 1000 && now <= start + limit; i++)
        {
            var step = Step(controller, obj, now);
            if (step.Status is not null)
            {
                history.Add((now, step.Status.DeepClone().AsObject()));
                continue;
            }
            if (step.RequeueAfter is not { } wait)
            {
                return history;
            }
            Assert.True(wait > TimeSpan.Zero, "a requeue must be in the future");
            now += wait;
        }
        return history;
    }

    public static JsonObject? Condition(JsonObject obj, string type) =>
        obj["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);

    public static long Count(JsonObject obj, string name) => obj["status"]?[name]?.GetValue<long>() ?? 0;
}
