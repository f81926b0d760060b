using System.Text.Json.Nodes;
using Fleet.Simulator.Tests.Infrastructure;

namespace Fleet.Simulator.Tests.Controllers;

/// <summary>The kinds real repositories use, served end to end: autoscalers, ingresses, pods that run to completion.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class RealWorldKindsTests(SimulatorFixture fixture)
{
    private const string Aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
    private const string Hpas = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
    private const string HpasV1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";

    private static JsonObject Autoscaler(string apiVersion, int min, int max, JsonObject? extraSpec = null)
    {
        var spec = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "web" },
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
        };
        foreach (var (key, value) in extraSpec ?? [])
        {
            spec[key] = value?.DeepClone();
        }
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "HorizontalPodAutoscaler",
            ["metadata"] = new JsonObject { ["name"] = "web" },
            ["spec"] = spec,
        };
    }

    private static long Replicas(Reply deployment) => deployment.Json["spec"]!["replicas"]!.GetValue<long>();

    [Fact]
    public async Task Autoscaler_RaisesReplicasToMin_AsTheAutoscalerManager()
    {
        var cluster = fixture.NewCluster("hpa");
        await cluster.PostAsync("/apis/apps/v1/namespaces/default/deployments", Manifests.Deployment("web", replicas: 1));

        var created = await cluster.PostAsync(Hpas, Autoscaler("autoscaling/v2", 3, 5));
        Assert.Equal(201, created.Code);

        var deployment = await TestCluster.EventuallyAsync(
            () => cluster.GetAsync("/apis/apps/v1/namespaces/default/deployments/web"), r => Replicas(r) == 3);
        Assert.Equal(3, Replicas(deployment));
        var owner = deployment.Json["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>()
            .Single(e => e["manager"]!.GetValue<string>() == "horizontal-pod-autoscaler");
        Assert.Equal("Update", owner["operation"]!.GetValue<string>());
        Assert.NotNull(owner["fieldsV1"]!["f:spec"]!["f:replicas"]);

        var hpa = await TestCluster.EventuallyAsync(() => cluster.GetAsync(Hpas + "/web"),
            r => r.Json["status"]?["desiredReplicas"]?.GetValue<long>() == 3 && r.Json["status"]?["currentReplicas"]?.GetValue<long>() == 3);
        var status = hpa.Json["status"]!;
        Assert.Equal(3, status["currentReplicas"]!.GetValue<long>());
        Assert.NotNull(status["lastScaleTime"]);
        var conditions = status["conditions"]!.AsArray().OfType<JsonObject>().ToDictionary(c => c["type"]!.GetValue<string>(), c => c["status"]!.GetValue<string>());
        Assert.Equal("True", conditions["AbleToScale"]);
        Assert.Equal("True", conditions["ScalingActive"]);
    }

    [Fact]
    public async Task Autoscaler_TargetWrittenAboveMax_IsBroughtBack()
    {
        var cluster = fixture.NewCluster("hpa");
        await cluster.PostAsync("/apis/apps/v1/namespaces/default/deployments", Manifests.Deployment("web", replicas: 2));
        await cluster.PostAsync(Hpas, Autoscaler("autoscaling/v2", 1, 4));

        var patched = await cluster.PatchAsync("/apis/apps/v1/namespaces/default/deployments/web", """{"spec":{"replicas":9}}""", "application/merge-patch+json");
        Assert.Equal(200, patched.Code);

        var deployment = await TestCluster.EventuallyAsync(
            () => cluster.GetAsync("/apis/apps/v1/namespaces/default/deployments/web"), r => Replicas(r) == 4);
        Assert.Equal(4, Replicas(deployment));
    }

    [Fact]
    public async Task Autoscaler_ServedAtV1_ConvertsTargetCpu()
    {
        var cluster = fixture.NewCluster("hpa");
        var extra = new JsonObject { ["targetCPUUtilizationPercentage"] = 70 };

        var created = await cluster.PostAsync(HpasV1, Autoscaler("autoscaling/v1", 1, 3, extra));
        Assert.Equal(201, created.Code);
        Assert.Equal("autoscaling/v1", created.Json["apiVersion"]!.GetValue<string>());
        Assert.Equal(70, created.Json["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());

        var v2 = await cluster.GetAsync(Hpas + "/web");
        Assert.Equal("autoscaling/v2", v2.Json["apiVersion"]!.GetValue<string>());
        var target = v2.Json["spec"]!["metrics"]![0]!["resource"]!;
        Assert.Equal("cpu", target["name"]!.GetValue<string>());
        Assert.Equal(70, target["target"]!["averageUtilization"]!.GetValue<int>());

        var patched = await cluster.PatchAsync(HpasV1 + "/web", """{"spec":{"targetCPUUtilizationPercentage":50}}""", "application/merge-patch+json");
        Assert.Equal(200, patched.Code);
        var list = await cluster.GetAsync(Hpas);
        Assert.Equal(50, list.Json["items"]![0]!["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]!.GetValue<int>());
        var listV1 = await cluster.GetAsync(HpasV1);
        Assert.Equal("autoscaling/v1", listV1.Json["apiVersion"]!.GetValue<string>());
        Assert.Equal(50, listV1.Json["items"]![0]!["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
    }

    [Fact]
    public async Task Autoscaler_InDiscovery_AtV2ThenV1()
    {
        var cluster = fixture.NewCluster("hpa");

        var legacy = await cluster.GetAsync("/apis/autoscaling");
        Assert.Equal("autoscaling/v2", legacy.Json["preferredVersion"]!["groupVersion"]!.GetValue<string>());
        Assert.Equal(["v2", "v1"], legacy.Json["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        foreach (var version in new[] { "v1", "v2" })
        {
            var resources = await cluster.GetAsync($"/apis/autoscaling/{version}");
            var hpa = resources.Json["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "horizontalpodautoscalers")!;
            Assert.Equal("HorizontalPodAutoscaler", hpa["kind"]!.GetValue<string>());
            Assert.Equal(["hpa"], hpa["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Contains(resources.Json["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "horizontalpodautoscalers/status");
        }

        var aggregated = await cluster.GetAsync("/apis", Aggregated);
        var group = aggregated.Json["items"]!.AsArray().Single(g => g!["metadata"]!["name"]!.GetValue<string>() == "autoscaling")!;
        Assert.Equal(["v2", "v1"], group["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        Assert.All(group["versions"]!.AsArray(), v => Assert.Contains(v!["resources"]!.AsArray(),
            r => r!["resource"]!.GetValue<string>() == "horizontalpodautoscalers" && r["scope"]!.GetValue<string>() == "Namespaced"));
    }

    [Fact]
    public async Task Ingress_GetsAnAddress()
    {
        var cluster = fixture.NewCluster("ing");
        var ingress = JsonNode.Parse("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web"},
             "spec":{"rules":[{"host":"web.example.com","http":{"paths":[{"path":"/","pathType":"Prefix",
               "backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}
            """)!;
        Assert.Equal(201, (await cluster.PostAsync("/apis/networking.k8s.io/v1/namespaces/default/ingresses", ingress)).Code);

        var stored = await TestCluster.EventuallyAsync(() => cluster.GetAsync("/apis/networking.k8s.io/v1/namespaces/default/ingresses/web"),
            r => r.Json["status"]?["loadBalancer"]?["ingress"] is not null);

        Assert.StartsWith("192.0.2.", stored.Json["status"]!["loadBalancer"]!["ingress"]![0]!["ip"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Never", "busybox:1.36", "Succeeded")]
    [InlineData("Never", "busybox:unpullable", "Failed")]
    public async Task Pod_RunToCompletion_EndsInAFinalPhase(string restartPolicy, string image, string phase)
    {
        var cluster = fixture.NewCluster("pod");
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "hook" },
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = restartPolicy,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "hook", ["image"] = image }),
            },
        };
        Assert.Equal(201, (await cluster.PostAsync("/api/v1/namespaces/default/pods", pod)).Code);

        var stored = await TestCluster.EventuallyAsync(() => cluster.GetAsync("/api/v1/namespaces/default/pods/hook"),
            r => r.Json["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed");

        Assert.Equal(phase, stored.Json["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Autoscaler_WatchedAtV1_SeesV1Objects()
    {
        var cluster = fixture.NewCluster("hpa");
        await cluster.PostAsync(Hpas, Autoscaler("autoscaling/v2", 1, 3));

        // timeoutSeconds ends the stream after the initial ADDED event, so the whole body can be read.
        var watch = await cluster.GetAsync(HpasV1 + "?watch=true&timeoutSeconds=1");

        var added = JsonNode.Parse(watch.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0])!;
        Assert.Equal("ADDED", added["type"]!.GetValue<string>());
        Assert.Equal("autoscaling/v1", added["object"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal(80, added["object"]!["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
    }

    [Fact]
    public async Task Autoscaler_StatefulSetTarget_IsScaledToo()
    {
        var cluster = fixture.NewCluster("hpa");
        var statefulSet = Manifests.Deployment("db", replicas: 1);
        statefulSet["kind"] = "StatefulSet";
        statefulSet["spec"]!["serviceName"] = "db";
        Assert.Equal(201, (await cluster.PostAsync("/apis/apps/v1/namespaces/default/statefulsets", statefulSet)).Code);
        var hpa = Autoscaler("autoscaling/v2", 2, 4);
        hpa["spec"]!["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["name"] = "db" };
        Assert.Equal(201, (await cluster.PostAsync(Hpas, hpa)).Code);

        var scaled = await TestCluster.EventuallyAsync(
            () => cluster.GetAsync("/apis/apps/v1/namespaces/default/statefulsets/db"), r => Replicas(r) == 2);

        Assert.Equal(2, Replicas(scaled));
    }
}
