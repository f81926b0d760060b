using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;
using Fleet.Simulator.Model;
using static Fleet.Simulator.Tests.Controllers.Simulation;

namespace Fleet.Simulator.Tests.Controllers;

public class WorkloadControllerTests
{
    private static JsonObject Workload(string kind, int replicas, string image = "nginx:1.27") => Parse($$$"""
        {"kind":"{{{kind}}}","metadata":{"name":"app","namespace":"default","generation":1,"creationTimestamp":"2026-01-01T12:00:00Z"},
         "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"app"}},
                 "template":{"metadata":{"labels":{"app":"app"}},"spec":{"containers":[{"name":"app","image":"{{{image}}}"}] } } } }
        """);

    [Fact]
    public void ReplicaSet_Progression_ReachesAllReady()
    {
        var controller = new ReplicaSetController();
        var obj = Workload("ReplicaSet", 3);

        Step(controller, obj, Created);
        Assert.Equal(3, Count(obj, "replicas"));
        Assert.Equal(0, Count(obj, "readyReplicas"));

        RunUntilSteady(controller, obj, Created, TimeSpan.FromMinutes(1));
        Assert.Equal(3, Count(obj, "readyReplicas"));
        Assert.Equal(3, Count(obj, "availableReplicas"));
        Assert.Equal(3, Count(obj, "fullyLabeledReplicas"));
        Assert.Equal(1, Count(obj, "observedGeneration"));
    }

    [Fact]
    public void ReplicaSet_UnpullableImage_NeverReady()
    {
        var controller = new ReplicaSetController();
        var obj = Workload("ReplicaSet", 2, "unpullable.invalid/app:1");

        var history = RunUntilSteady(controller, obj, Created, TimeSpan.FromMinutes(1));

        Assert.Single(history);
        Assert.Equal(2, Count(obj, "replicas"));
        Assert.Null(obj["status"]!["readyReplicas"]);
    }

    [Fact]
    public void StatefulSet_Progression_CreatesPodsInOrder()
    {
        var controller = new StatefulSetController();
        var obj = Workload("StatefulSet", 3);

        Step(controller, obj, Created);
        Assert.Equal(1, Count(obj, "replicas"));
        Assert.Equal(0, Count(obj, "readyReplicas"));

        RunUntilSteady(controller, obj, Created, TimeSpan.FromMinutes(1));
        Assert.Equal(3, Count(obj, "replicas"));
        Assert.Equal(3, Count(obj, "readyReplicas"));
        Assert.Equal(3, Count(obj, "currentReplicas"));
        Assert.Equal(3, Count(obj, "updatedReplicas"));
        Assert.Equal(3, Count(obj, "availableReplicas"));
        var revision = obj["status"]!["updateRevision"]!.GetValue<string>();
        Assert.Matches("^app-[b-z2-9]+$", revision);
        Assert.Equal(revision, obj["status"]!["currentRevision"]!.GetValue<string>());
    }

    [Fact]
    public void StatefulSet_TemplateChange_MovesCurrentRevisionWhenDone()
    {
        var controller = new StatefulSetController();
        var obj = Workload("StatefulSet", 2);
        RunUntilSteady(controller, obj, Created, TimeSpan.FromMinutes(1));
        var oldRevision = obj["status"]!["currentRevision"]!.GetValue<string>();

        obj["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.28";
        obj["metadata"]!["generation"] = 2;
        obj["metadata"]!["managedFields"] = new JsonArray(Parse("""{"manager":"kubectl","operation":"Update","time":"2026-01-01T13:00:00Z"}"""));
        var update = Created.AddHours(1);

        Step(controller, obj, update);
        Assert.Equal(oldRevision, obj["status"]!["currentRevision"]!.GetValue<string>());
        Assert.NotEqual(oldRevision, obj["status"]!["updateRevision"]!.GetValue<string>());
        Assert.Equal(1, Count(obj, "updatedReplicas"));

        RunUntilSteady(controller, obj, update, TimeSpan.FromMinutes(1));
        Assert.Equal(obj["status"]!["updateRevision"]!.GetValue<string>(), obj["status"]!["currentRevision"]!.GetValue<string>());
        Assert.Equal(2, Count(obj, "readyReplicas"));
        Assert.Equal(2, Count(obj, "observedGeneration"));
    }

    [Fact]
    public void DaemonSet_Progression_OneNodeBecomesAvailable()
    {
        var controller = new DaemonSetController();
        var obj = Workload("DaemonSet", 1);

        Step(controller, obj, Created);
        Assert.Equal(1, Count(obj, "desiredNumberScheduled"));
        Assert.Equal(0, Count(obj, "numberReady"));
        Assert.Equal(1, Count(obj, "numberUnavailable"));

        RunUntilSteady(controller, obj, Created, TimeSpan.FromMinutes(1));
        Assert.Equal(1, Count(obj, "numberReady"));
        Assert.Equal(1, Count(obj, "numberAvailable"));
        Assert.Equal(1, Count(obj, "updatedNumberScheduled"));
        Assert.Null(obj["status"]!["numberUnavailable"]);
        Assert.Equal(0, Count(obj, "numberMisscheduled"));
    }

    [Fact]
    public void For_EachKindWithStatus_HasOneController()
    {
        foreach (var type in new[] { BuiltInTypes.Deployment, BuiltInTypes.ReplicaSet, BuiltInTypes.StatefulSet, BuiltInTypes.DaemonSet,
                     BuiltInTypes.Job, BuiltInTypes.Pod, BuiltInTypes.PersistentVolumeClaim, BuiltInTypes.Service, BuiltInTypes.Namespace,
                     BuiltInTypes.CustomResourceDefinition })
        {
            Assert.Single(Fleet.Simulator.Controllers.Controllers.All, c => c.Handles(type));
        }
        Assert.Null(Fleet.Simulator.Controllers.Controllers.For(BuiltInTypes.ConfigMap));
    }
}
