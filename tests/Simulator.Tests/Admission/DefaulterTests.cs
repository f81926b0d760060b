using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Tests.Admission;

public class DefaulterTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Deployment() => Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},
                             "spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}],
                                                    "resources":{"requests":{"cpu":"0.5","memory":"1024Mi"}}}]}}}}
        """);

    [Fact]
    public void Apply_Deployment_FillsServerDefaults()
    {
        var obj = Deployment();
        Defaulter.Apply(BuiltInTypes.Deployment, obj);

        var spec = obj["spec"]!;
        Assert.Equal(1, spec["replicas"]!.GetValue<int>());
        Assert.Equal(10, spec["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(600, spec["progressDeadlineSeconds"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(
            Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}"""), spec["strategy"]));
        var pod = spec["template"]!["spec"]!;
        Assert.Equal("Always", pod["restartPolicy"]!.GetValue<string>());
        Assert.Equal("ClusterFirst", pod["dnsPolicy"]!.GetValue<string>());
        Assert.Equal("default-scheduler", pod["schedulerName"]!.GetValue<string>());
        Assert.Equal(30, pod["terminationGracePeriodSeconds"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(new JsonObject(), pod["securityContext"]));
        var container = pod["containers"]![0]!;
        Assert.Equal("IfNotPresent", container["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("/dev/termination-log", container["terminationMessagePath"]!.GetValue<string>());
        Assert.Equal("File", container["terminationMessagePolicy"]!.GetValue<string>());
        Assert.Equal("TCP", container["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("500m", container["resources"]!["requests"]!["cpu"]!.GetValue<string>());
        Assert.Equal("1Gi", container["resources"]!["requests"]!["memory"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_Twice_IsIdempotent()
    {
        foreach (var (type, obj) in new[]
        {
            (BuiltInTypes.Deployment, Deployment()),
            (BuiltInTypes.Service, Parse("""{"metadata":{"name":"web","namespace":"a"},"spec":{"type":"LoadBalancer","ports":[{"port":80}]}}""")),
            (BuiltInTypes.Secret, Parse("""{"metadata":{"name":"s"},"stringData":{"k":"v"}}""")),
            (BuiltInTypes.Job, Parse("""{"metadata":{"name":"j","uid":"u-1"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}""")),
            (BuiltInTypes.StatefulSet, Parse("""{"metadata":{"name":"db"},"spec":{"volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"resources":{"requests":{"storage":"1024Mi"}}}}],"template":{"spec":{"containers":[{"name":"c","image":"pg"}]}}}}""")),
        })
        {
            Defaulter.Apply(type, obj);
            var once = obj.DeepClone();
            Defaulter.Apply(type, obj);
            Assert.True(JsonNode.DeepEquals(once, obj), $"{type.Kind} changed on the second pass: {obj.ToJsonString()}");
        }
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("localhost:5000/nginx", "Always")]
    [InlineData("registry.example.com:5000/team/nginx:2", "IfNotPresent")]
    [InlineData("nginx@sha256:0123", "IfNotPresent")]
    public void Apply_ContainerImage_PicksPullPolicyFromTag(string image, string expected)
    {
        var pod = Parse($$$"""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"{{{image}}}"}]}}""");
        Defaulter.Apply(BuiltInTypes.Pod, pod);
        Assert.Equal(expected, pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_PodWithLimitsOnly_CopiesLimitsToRequests()
    {
        var pod = Parse("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x:1","resources":{"limits":{"cpu":"1000m"}}}]}}""");
        Defaulter.Apply(BuiltInTypes.Pod, pod);
        Assert.Equal("1", pod["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>());
        Assert.Equal("default", pod["spec"]!["serviceAccountName"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_LoadBalancerService_AllocatesStableAddressesAndPorts()
    {
        static JsonObject Service() => Parse("""{"metadata":{"name":"web","namespace":"shop"},"spec":{"type":"LoadBalancer","ports":[{"port":80},{"port":443,"targetPort":8443}]}}""");
        var first = Service();
        var second = Service();
        Defaulter.Apply(BuiltInTypes.Service, first);
        Defaulter.Apply(BuiltInTypes.Service, second);

        Assert.True(JsonNode.DeepEquals(first, second));
        var spec = first["spec"]!;
        var ip = spec["clusterIP"]!.GetValue<string>();
        var octets = ip.Split('.').Select(int.Parse).ToArray();
        Assert.Equal(10, octets[0]);
        Assert.InRange(octets[1], 96, 111);
        Assert.Equal(ip, spec["clusterIPs"]![0]!.GetValue<string>());
        Assert.Equal("SingleStack", spec["ipFamilyPolicy"]!.GetValue<string>());
        Assert.Equal("IPv4", spec["ipFamilies"]![0]!.GetValue<string>());
        Assert.Equal("None", spec["sessionAffinity"]!.GetValue<string>());
        Assert.Equal("Cluster", spec["internalTrafficPolicy"]!.GetValue<string>());
        Assert.Equal("Cluster", spec["externalTrafficPolicy"]!.GetValue<string>());
        Assert.True(spec["allocateLoadBalancerNodePorts"]!.GetValue<bool>());
        Assert.Equal(80, spec["ports"]![0]!["targetPort"]!.GetValue<int>());
        Assert.Equal(8443, spec["ports"]![1]!["targetPort"]!.GetValue<int>());
        Assert.Equal("TCP", spec["ports"]![0]!["protocol"]!.GetValue<string>());
        foreach (var port in spec["ports"]!.AsArray())
        {
            Assert.InRange(port!["nodePort"]!.GetValue<int>(), 30000, 32767);
        }
    }

    [Fact]
    public void Apply_ClusterIPService_HasNoNodePorts()
    {
        var service = Parse("""{"metadata":{"name":"web","namespace":"a"},"spec":{"ports":[{"port":80}]}}""");
        Defaulter.Apply(BuiltInTypes.Service, service);
        Assert.Equal("ClusterIP", service["spec"]!["type"]!.GetValue<string>());
        Assert.Null(service["spec"]!["ports"]![0]!["nodePort"]);
        Assert.Null(service["spec"]!["externalTrafficPolicy"]);
    }

    [Fact]
    public void Apply_SecretStringData_MergedIntoDataAsBase64()
    {
        var secret = Parse("""{"metadata":{"name":"s"},"data":{"a":"eA==","b":"eA=="},"stringData":{"b":"hello"}}""");
        Defaulter.Apply(BuiltInTypes.Secret, secret);
        Assert.Null(secret["stringData"]);
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        Assert.Equal("eA==", secret["data"]!["a"]!.GetValue<string>());
        Assert.Equal("aGVsbG8=", secret["data"]!["b"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_StatefulSet_FillsPolicies()
    {
        var sts = Parse("""{"metadata":{"name":"db"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"pg:16"}]}}}}""");
        Defaulter.Apply(BuiltInTypes.StatefulSet, sts);
        var spec = sts["spec"]!;
        Assert.Equal("OrderedReady", spec["podManagementPolicy"]!.GetValue<string>());
        Assert.Equal(0, spec["updateStrategy"]!["rollingUpdate"]!["partition"]!.GetValue<int>());
        Assert.Equal("Retain", spec["persistentVolumeClaimRetentionPolicy"]!["whenDeleted"]!.GetValue<string>());
        Assert.Equal("Retain", spec["persistentVolumeClaimRetentionPolicy"]!["whenScaled"]!.GetValue<string>());
        Assert.Equal(10, spec["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(1, spec["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void Apply_Job_FillsCountsAndGeneratedSelector()
    {
        var job = Parse("""{"metadata":{"name":"j","uid":"u-1"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1"}]}}}}""");
        Defaulter.Apply(BuiltInTypes.Job, job);
        var spec = job["spec"]!;
        Assert.Equal(6, spec["backoffLimit"]!.GetValue<int>());
        Assert.Equal(1, spec["completions"]!.GetValue<int>());
        Assert.Equal(1, spec["parallelism"]!.GetValue<int>());
        Assert.Equal("NonIndexed", spec["completionMode"]!.GetValue<string>());
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.Equal("u-1", spec["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]!.GetValue<string>());
        Assert.Equal("j", spec["template"]!["metadata"]!["labels"]!["job-name"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_ClaimAndNamespace_FillDefaults()
    {
        var claim = Parse("""{"metadata":{"name":"c"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"2048Mi"}}}}""");
        Defaulter.Apply(BuiltInTypes.PersistentVolumeClaim, claim);
        Assert.Equal("Filesystem", claim["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("2Gi", claim["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());

        var ns = Parse("""{"metadata":{"name":"team-a"}}""");
        Defaulter.Apply(BuiltInTypes.Namespace, ns);
        Assert.Equal("team-a", ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        Assert.Equal("kubernetes", ns["spec"]!["finalizers"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Apply_DaemonSetAndCronJob_FillDefaults()
    {
        var ds = Parse("""{"metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x:1"}]}}}}""");
        Defaulter.Apply(BuiltInTypes.DaemonSet, ds);
        Assert.True(JsonNode.DeepEquals(Parse("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}"""), ds["spec"]!["updateStrategy"]));
        Assert.Equal("Always", ds["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());

        var cj = Parse("""{"metadata":{"name":"c"},"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"x:1"}]}}}}}}""");
        Defaulter.Apply(BuiltInTypes.CronJob, cj);
        Assert.Equal("Allow", cj["spec"]!["concurrencyPolicy"]!.GetValue<string>());
        Assert.Equal(3, cj["spec"]!["successfulJobsHistoryLimit"]!.GetValue<int>());
        Assert.Equal(1, cj["spec"]!["failedJobsHistoryLimit"]!.GetValue<int>());
        Assert.Equal("OnFailure", cj["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
        Assert.Null(cj["spec"]!["jobTemplate"]!["spec"]!["backoffLimit"]);
    }

    [Fact]
    public void Apply_RecreateDeployment_HasNoRollingUpdate()
    {
        var obj = Deployment();
        obj["spec"]!["strategy"] = Parse("""{"type":"Recreate"}""");
        Defaulter.Apply(BuiltInTypes.Deployment, obj);
        Assert.Null(obj["spec"]!["strategy"]!["rollingUpdate"]);
    }
}
