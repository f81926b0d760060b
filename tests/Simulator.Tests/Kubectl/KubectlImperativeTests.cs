using Fleet.Simulator.Tests.Infrastructure;

namespace Fleet.Simulator.Tests.Kubectl;

/// <summary>kubectl's imperative commands, which send protobuf bodies, against a virtual cluster.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class KubectlImperativeTests(SimulatorFixture fixture)
{
    [Fact]
    public async Task CreateCommands_ProtobufBodies_CreateTheObjectsTheySay()
    {
        var cluster = fixture.NewCluster("imperative");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);

        string[][] commands =
        [
            ["create", "namespace", "shop"],
            ["create", "configmap", "settings", "--from-literal=mode=fast", "-n", "shop"],
            ["create", "secret", "generic", "creds", "--from-literal=password=s3cret", "-n", "shop"],
            ["create", "serviceaccount", "robot", "-n", "shop"],
            ["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80", "-n", "shop"],
            ["create", "service", "clusterip", "web", "--tcp=80:8080", "-n", "shop"],
            ["create", "job", "once", "--image=busybox:1.36", "-n", "shop"],
        ];
        foreach (var command in commands)
        {
            var result = await kubectl.RunAsync(command);
            Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', command)}: {result}");
        }

        var ns = await cluster.GetAsync("/api/v1/namespaces/shop");
        var settings = await cluster.GetAsync("/api/v1/namespaces/shop/configmaps/settings");
        var creds = await cluster.GetAsync("/api/v1/namespaces/shop/secrets/creds");
        var robot = await cluster.GetAsync("/api/v1/namespaces/shop/serviceaccounts/robot");
        var web = await cluster.GetAsync("/apis/apps/v1/namespaces/shop/deployments/web");
        var service = await cluster.GetAsync("/api/v1/namespaces/shop/services/web");
        var job = await cluster.GetAsync("/apis/batch/v1/namespaces/shop/jobs/once");

        Assert.Equal("shop", ns.Json["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("fast", settings.Json["data"]!["mode"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String("s3cret"u8.ToArray()), creds.Json["data"]!["password"]!.GetValue<string>());
        Assert.Equal("Opaque", creds.Json["type"]!.GetValue<string>());
        Assert.Equal("robot", robot.Json["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(2, web.Json["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("web", web.Json["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>());
        // kubectl names the container after its image.
        var container = web.Json["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(("nginx", "nginx:1.27"), (container["name"]!.GetValue<string>(), container["image"]!.GetValue<string>()));
        Assert.Equal(80, container["ports"]![0]!["containerPort"]!.GetValue<int>());
        var port = service.Json["spec"]!["ports"]![0]!;
        Assert.Equal((80, 8080), (port["port"]!.GetValue<int>(), port["targetPort"]!.GetValue<int>()));
        Assert.Equal("web", service.Json["spec"]!["selector"]!["app"]!.GetValue<string>());
        Assert.Equal("busybox:1.36", job.Json["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("Never", job.Json["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
    }
}
