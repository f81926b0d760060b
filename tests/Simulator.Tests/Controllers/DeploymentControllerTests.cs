using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Controllers;
using Fleet.Simulator.Model;
using static Fleet.Simulator.Tests.Controllers.Simulation;

namespace Fleet.Simulator.Tests.Controllers;

public class DeploymentControllerTests
{
    private readonly DeploymentController _controller = new();

    private static JsonObject Deployment(int replicas, string image = "nginx:1.27")
    {
        var obj = Parse($$$"""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"default","generation":1,"creationTimestamp":"2026-01-01T12:00:00Z"},
             "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"{{{image}}}"}] } } } }
            """);
        Defaulter.Apply(BuiltInTypes.Deployment, obj);
        return obj;
    }

    [Fact]
    public void Handles_Deployment_Only()
    {
        Assert.True(_controller.Handles(BuiltInTypes.Deployment));
        Assert.False(_controller.Handles(BuiltInTypes.ReplicaSet));
        Assert.Same(typeof(DeploymentController), Fleet.Simulator.Controllers.Controllers.For(BuiltInTypes.Deployment)!.GetType());
    }

    [Fact]
    public void Reconcile_NewDeployment_RollsOutOneReplicaPerDelay()
    {
        var obj = Deployment(3);

        var first = Step(_controller, obj, Created);
        Assert.NotNull(first.Status);
        Assert.Equal(1, Count(obj, "observedGeneration"));
        Assert.Equal(3, Count(obj, "replicas"));
        Assert.Equal(0, Count(obj, "availableReplicas"));
        Assert.Equal(3, Count(obj, "unavailableReplicas"));
        Assert.Equal("False", Condition(obj, "Available")!["status"]!.GetValue<string>());
        Assert.Equal("NewReplicaSetCreated", Condition(obj, "Progressing")!["reason"]!.GetValue<string>());
        Assert.NotNull(first.RequeueAfter);

        // Written during 12:00:00, so taken as 12:00:01: the first replica is ready 200 ms later.
        Step(_controller, obj, Created.AddMilliseconds(1200));
        Assert.Equal(1, Count(obj, "readyReplicas"));
        Assert.Equal("ReplicaSetUpdated", Condition(obj, "Progressing")!["reason"]!.GetValue<string>());
        Assert.Matches("^ReplicaSet \"web-[b-z2-9]+\" is progressing\\.$", Condition(obj, "Progressing")!["message"]!.GetValue<string>());

        var history = RunUntilSteady(_controller, obj, Created.AddMilliseconds(1200), TimeSpan.FromMinutes(1));
        Assert.NotEmpty(history);
        Assert.Equal(3, Count(obj, "replicas"));
        Assert.Equal(3, Count(obj, "updatedReplicas"));
        Assert.Equal(3, Count(obj, "readyReplicas"));
        Assert.Equal(3, Count(obj, "availableReplicas"));
        Assert.Null(obj["status"]!["unavailableReplicas"]);
        var available = Condition(obj, "Available")!;
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
            (available["status"]!.GetValue<string>(), available["reason"]!.GetValue<string>(), available["message"]!.GetValue<string>()));
        var progressing = Condition(obj, "Progressing")!;
        Assert.Equal("NewReplicaSetAvailable", progressing["reason"]!.GetValue<string>());
        Assert.EndsWith("has successfully progressed.", progressing["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(history.Last().Time >= Created.AddMilliseconds(1600));
    }

    [Fact]
    public void Reconcile_Steady_ReturnsNoChangeAtLaterTimes()
    {
        var obj = Deployment(2);
        RunUntilSteady(_controller, obj, Created, TimeSpan.FromMinutes(1));

        var later = _controller.Reconcile(obj, Created.AddHours(3), Options);

        Assert.Null(later.Status);
        Assert.Null(later.RequeueAfter);
    }

    [Fact]
    public void Reconcile_ZeroReplicas_IsDoneAtOnce()
    {
        var obj = Deployment(0);
        var step = Step(_controller, obj, Created);

        Assert.Null(step.RequeueAfter);
        Assert.Equal("NewReplicaSetAvailable", Condition(obj, "Progressing")!["reason"]!.GetValue<string>());
        Assert.Equal("True", Condition(obj, "Available")!["status"]!.GetValue<string>());
        Assert.Null(obj["status"]!["replicas"]);
    }

    [Fact]
    public void Reconcile_UnpullableImage_ExceedsProgressDeadline()
    {
        var obj = Deployment(2, "registry.example.com/web:unpullable");
        obj["spec"]!["progressDeadlineSeconds"] = 30;

        var history = RunUntilSteady(_controller, obj, Created, TimeSpan.FromMinutes(5));

        var progressing = Condition(obj, "Progressing")!;
        Assert.Equal("False", progressing["status"]!.GetValue<string>());
        Assert.Equal("ProgressDeadlineExceeded", progressing["reason"]!.GetValue<string>());
        Assert.Matches("^ReplicaSet \"web-[b-z2-9]+\" has timed out progressing\\.$", progressing["message"]!.GetValue<string>());
        Assert.Equal(0, Count(obj, "availableReplicas"));
        Assert.Equal("False", Condition(obj, "Available")!["status"]!.GetValue<string>());
        // Not before the deadline (counted from the write second + 1 s).
        Assert.True(history.Last().Time >= Created.AddSeconds(31));
    }

    [Fact]
    public void Reconcile_TemplateChange_KeepsOldPodsAvailableUntilReplaced()
    {
        var obj = Deployment(2);
        RunUntilSteady(_controller, obj, Created, TimeSpan.FromMinutes(1));
        var oldMessage = Condition(obj, "Progressing")!["message"]!.GetValue<string>();

        var updateTime = Created.AddMinutes(10);
        obj["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.28";
        obj["metadata"]!["generation"] = 2;
        obj["metadata"]!["managedFields"] = new JsonArray(Parse($$$"""{"manager":"kubectl","operation":"Apply","time":"{{{ObjectClock(updateTime)}}}"}"""));

        Step(_controller, obj, updateTime);
        Assert.Equal(2, Count(obj, "observedGeneration"));
        Assert.Equal(2, Count(obj, "availableReplicas"));
        Assert.Equal("True", Condition(obj, "Available")!["status"]!.GetValue<string>());
        Assert.NotEqual(oldMessage, Condition(obj, "Progressing")!["message"]!.GetValue<string>());
        Assert.True(Count(obj, "updatedReplicas") < 2);

        RunUntilSteady(_controller, obj, updateTime, TimeSpan.FromMinutes(1));
        Assert.Equal(2, Count(obj, "updatedReplicas"));
        Assert.Equal(2, Count(obj, "replicas"));
        Assert.Equal("NewReplicaSetAvailable", Condition(obj, "Progressing")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Reconcile_Paused_ReportsDeploymentPaused()
    {
        var obj = Deployment(1);
        obj["spec"]!["paused"] = true;

        var step = Step(_controller, obj, Created);

        Assert.Null(step.RequeueAfter);
        var progressing = Condition(obj, "Progressing")!;
        Assert.Equal(("Unknown", "DeploymentPaused"), (progressing["status"]!.GetValue<string>(), progressing["reason"]!.GetValue<string>()));
    }

    [Fact]
    public void Reconcile_SameTemplate_GivesSameReplicaSetName()
    {
        var a = Deployment(1);
        var b = Deployment(1);
        Step(_controller, a, Created);
        Step(_controller, b, Created.AddSeconds(5));
        static string ReplicaSet(JsonObject obj) => Condition(obj, "Progressing")!["message"]!.GetValue<string>().Split('"')[1];
        Assert.Equal(ReplicaSet(a), ReplicaSet(b));
        Assert.StartsWith("web-", ReplicaSet(a), StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_RollingUpdate_AvailableBeforeAllReplicasAreReady()
    {
        var obj = Deployment(4);

        // maxUnavailable 25% of 4 = 1: three ready replicas are the minimum.
        Step(_controller, obj, Created.AddMilliseconds(1600));

        Assert.Equal(3, Count(obj, "availableReplicas"));
        Assert.Equal("True", Condition(obj, "Available")!["status"]!.GetValue<string>());
        Assert.Equal("True", Condition(obj, "Progressing")!["status"]!.GetValue<string>());
        Assert.NotEqual("NewReplicaSetAvailable", Condition(obj, "Progressing")!["reason"]!.GetValue<string>());
    }

    private static string ObjectClock(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
