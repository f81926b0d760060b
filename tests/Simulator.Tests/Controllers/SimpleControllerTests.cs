using System.Text.Json.Nodes;
using Fleet.Simulator.Controllers;
using static Fleet.Simulator.Tests.Controllers.Simulation;

namespace Fleet.Simulator.Tests.Controllers;

public class SimpleControllerTests
{
    private const string Metadata = "\"metadata\":{\"name\":\"x\",\"namespace\":\"default\",\"creationTimestamp\":\"2026-01-01T12:00:00Z\"}";

    [Fact]
    public void Pod_Progression_BecomesRunningAndReady()
    {
        var controller = new PodController();
        var pod = Parse("{" + Metadata + ",\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]}}");

        Step(controller, pod, Created);
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("True", Condition(pod, "PodScheduled")!["status"]!.GetValue<string>());

        RunUntilSteady(controller, pod, Created, TimeSpan.FromMinutes(1));
        Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
        foreach (var type in new[] { "Initialized", "Ready", "ContainersReady", "PodScheduled" })
        {
            Assert.Equal("True", Condition(pod, type)!["status"]!.GetValue<string>());
        }
        var container = pod["status"]!["containerStatuses"]![0]!;
        Assert.True(container["ready"]!.GetValue<bool>());
        Assert.NotNull(container["state"]!["running"]);
        Assert.Equal("BestEffort", pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Fact]
    public void Pod_UnpullableImage_WaitsInImagePullBackOff()
    {
        var controller = new PodController();
        var pod = Parse("{" + Metadata + ",\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"unpullable.invalid/web:1\"}]}}");

        RunUntilSteady(controller, pod, Created, TimeSpan.FromMinutes(1));

        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        var waiting = pod["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!;
        Assert.Equal("ImagePullBackOff", waiting["reason"]!.GetValue<string>());
        Assert.Equal("Back-off pulling image \"unpullable.invalid/web:1\"", waiting["message"]!.GetValue<string>());
        Assert.Equal("ContainersNotReady", Condition(pod, "Ready")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Claim_Progression_PendingThenBound()
    {
        var controller = new PersistentVolumeClaimController();
        var claim = Parse("{" + Metadata + ",\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1024Mi\"}}}}");

        var first = Step(controller, claim, Created);
        Assert.Equal("Pending", claim["status"]!["phase"]!.GetValue<string>());
        Assert.NotNull(first.RequeueAfter);

        RunUntilSteady(controller, claim, Created, TimeSpan.FromMinutes(1));
        Assert.True(JsonNode.DeepEquals(
            Parse("""{"phase":"Bound","accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"}}"""), claim["status"]));
    }

    [Fact]
    public void Service_LoadBalancer_GetsTestNetAddress()
    {
        var controller = new ServiceController();
        var service = Parse("{" + Metadata + ",\"spec\":{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":80}]}}");

        Step(controller, service, Created);
        Assert.True(JsonNode.DeepEquals(Parse("""{"loadBalancer":{}}"""), service["status"]));

        RunUntilSteady(controller, service, Created, TimeSpan.FromMinutes(1));
        var ingress = service["status"]!["loadBalancer"]!["ingress"]![0]!;
        Assert.StartsWith("192.0.2.", ingress["ip"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("VIP", ingress["ipMode"]!.GetValue<string>());
        Assert.Equal(ServiceController.Address(service), ingress["ip"]!.GetValue<string>());
    }

    [Fact]
    public void Service_ClusterIP_HasEmptyLoadBalancer()
    {
        var service = Parse("{" + Metadata + ",\"spec\":{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}}");
        var step = new ServiceController().Reconcile(service, Created, Options);
        Assert.True(JsonNode.DeepEquals(Parse("""{"loadBalancer":{}}"""), step.Status));
        Assert.Null(step.RequeueAfter);
    }

    [Fact]
    public void Namespace_IsActiveThenTerminating()
    {
        var controller = new NamespaceController();
        var ns = Parse("""{"metadata":{"name":"team"}}""");
        Step(controller, ns, Created);
        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());

        ns["metadata"]!["deletionTimestamp"] = "2026-01-01T12:05:00Z";
        Step(controller, ns, Created.AddMinutes(5));
        Assert.Equal("Terminating", ns["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public void Pod_RestartPolicyNever_RunsThenSucceeds()
    {
        var controller = new PodController();
        var pod = Parse("{" + Metadata + ",\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"hook\",\"image\":\"busybox:1.36\"}]}}");

        var history = RunUntilSteady(controller, pod, Created, TimeSpan.FromMinutes(1));

        Assert.Contains(history, h => h.Status["phase"]!.GetValue<string>() == "Running");
        Assert.Equal("Succeeded", pod["status"]!["phase"]!.GetValue<string>());
        var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal(0, terminated["exitCode"]!.GetValue<int>());
        Assert.Equal("Completed", terminated["reason"]!.GetValue<string>());
        Assert.Equal("PodCompleted", Condition(pod, "Ready")!["reason"]!.GetValue<string>());
        Assert.Null(controller.Reconcile(pod, Created.AddHours(1), Options).Status);
    }

    [Fact]
    public void Pod_RestartPolicyOnFailure_UnpullableImage_Fails()
    {
        var controller = new PodController();
        var pod = Parse("{" + Metadata + ",\"spec\":{\"restartPolicy\":\"OnFailure\",\"containers\":[{\"name\":\"hook\",\"image\":\"busybox:unpullable\"}]}}");

        RunUntilSteady(controller, pod, Created, TimeSpan.FromMinutes(1));

        Assert.Equal("Failed", pod["status"]!["phase"]!.GetValue<string>());
        var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.NotEqual(0, terminated["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public void Pod_RestartPolicyAlways_KeepsRunning()
    {
        var controller = new PodController();
        var pod = Parse("{" + Metadata + ",\"spec\":{\"restartPolicy\":\"Always\",\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]}}");

        RunUntilSteady(controller, pod, Created, TimeSpan.FromMinutes(1));

        Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Null(controller.Reconcile(pod, Created.AddHours(1), Options).Status);
    }

    [Fact]
    public void Ingress_GetsAddressAfterDelay()
    {
        var controller = new IngressController();
        var ingress = Parse("{" + Metadata + ",\"spec\":{\"rules\":[{\"host\":\"web.example.com\"}]}}");

        var first = Step(controller, ingress, Created);
        Assert.True(JsonNode.DeepEquals(Parse("""{"loadBalancer":{}}"""), ingress["status"]));
        Assert.NotNull(first.RequeueAfter);

        RunUntilSteady(controller, ingress, Created, TimeSpan.FromMinutes(1));
        var address = ingress["status"]!["loadBalancer"]!["ingress"]![0]!.AsObject();
        Assert.Equal(IngressController.Address(ingress), address["ip"]!.GetValue<string>());
        Assert.StartsWith("192.0.2.", address["ip"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(address.ContainsKey("ipMode"));
    }
}
