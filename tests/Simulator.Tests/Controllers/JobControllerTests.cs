using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;
using static Fleet.Simulator.Tests.Controllers.Simulation;

namespace Fleet.Simulator.Tests.Controllers;

public class JobControllerTests
{
    private readonly JobController _controller = new();

    private static JsonObject Job(string image = "busybox:1", string extra = "") => Parse($$$"""
        {"kind":"Job","metadata":{"name":"migrate","namespace":"default","generation":1,"creationTimestamp":"2026-01-01T12:00:00Z"},
         "spec":{"completions":2,"parallelism":1,"backoffLimit":6{{{extra}}},
                 "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"{{{image}}}"}] } } } }
        """);

    [Fact]
    public void Reconcile_Job_CompletesAfterDuration()
    {
        var obj = Job();

        var first = Step(_controller, obj, Created);
        Assert.Equal(1, Count(obj, "active"));
        Assert.Equal("2026-01-01T12:00:00Z", obj["status"]!["startTime"]!.GetValue<string>());
        Assert.NotNull(first.RequeueAfter);

        var history = RunUntilSteady(_controller, obj, Created, TimeSpan.FromMinutes(1));

        Assert.True(history.Last().Time >= Created.AddMilliseconds(1500));
        Assert.Equal(2, Count(obj, "succeeded"));
        Assert.Null(obj["status"]!["active"]);
        Assert.NotNull(obj["status"]!["completionTime"]);
        var conditions = obj["status"]!["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).ToArray();
        Assert.Equal(["SuccessCriteriaMet", "Complete"], conditions);
        var complete = Condition(obj, "Complete")!;
        Assert.Equal(("True", "CompletionsReached", "Reached expected number of succeeded pods"),
            (complete["status"]!.GetValue<string>(), complete["reason"]!.GetValue<string>(), complete["message"]!.GetValue<string>()));
        Assert.Null(_controller.Reconcile(obj, Created.AddHours(1), Options).Status);
    }

    [Fact]
    public void Reconcile_UnpullableWithoutDeadline_StaysActive()
    {
        var obj = Job("busybox:unpullable");

        var history = RunUntilSteady(_controller, obj, Created, TimeSpan.FromHours(1));

        Assert.Single(history);
        Assert.Equal(1, Count(obj, "active"));
        Assert.Null(obj["status"]!["conditions"]);
    }

    [Fact]
    public void Reconcile_UnpullableWithDeadline_FailsWithDeadlineExceeded()
    {
        var obj = Job("busybox:unpullable", ",\"activeDeadlineSeconds\":10");

        var history = RunUntilSteady(_controller, obj, Created, TimeSpan.FromHours(1));

        Assert.True(history.Last().Time >= Created.AddSeconds(10));
        var failed = Condition(obj, "Failed")!;
        Assert.Equal(("True", "DeadlineExceeded"), (failed["status"]!.GetValue<string>(), failed["reason"]!.GetValue<string>()));
        Assert.Equal(1, Count(obj, "failed"));
    }

    [Fact]
    public void Reconcile_Suspended_DoesNothing()
    {
        var obj = Job(extra: ",\"suspend\":true");
        Assert.Equal(ControllerStep.Steady, _controller.Reconcile(obj, Created, Options));
    }
}
