using System.Text.Json.Nodes;
using Fleet.Simulator.Tests.Infrastructure;

namespace Fleet.Simulator.Tests.Kubectl;

/// <summary>The real kubectl against a virtual cluster: the simulator's conformance test.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class KubectlConformanceTests(SimulatorFixture fixture)
{
    private const string DeploymentYaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: default
          labels: {app: web, env: prod}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: default
          labels: {env: prod}
        data:
          mode: fast
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: default
        spec:
          selector: {app: web}
          ports:
          - port: 80
        """;

    private const string CrdYaml = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg]}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
        """;

    private static string Lines(params string[] lines) => string.Join('\n', lines);

    [Fact]
    public async Task ApplyServerSide_WithValidation_CreatesEveryObject()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);

        var apply = await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("deployment.apps/web serverside-applied", apply.Stdout);
        Assert.Contains("configmap/settings serverside-applied", apply.Stdout);
        Assert.Contains("service/web serverside-applied", apply.Stdout);
        var stored = await cluster.GetAsync("/apis/apps/v1/namespaces/default/deployments/web");
        Assert.Equal("kubectl", stored.Json["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplyServerSide_Twice_IsUnchangedAndDiffIsEmpty()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        var file = kubectl.File("app.yaml", DeploymentYaml);
        await kubectl.RunAsync("apply", "--server-side", "-f", file);
        // The rollout writes the Deployment's status in the background; a diff taken while it moves compares two
        // different moments of the live object (a real cluster does the same), so the test waits for it to settle.
        var rollout = await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", "default", "--timeout=30s");
        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        var before = (await cluster.GetAsync("/api/v1/namespaces/default/configmaps/settings")).Rv;

        var again = await kubectl.RunAsync("apply", "--server-side", "-f", file);
        var diff = await kubectl.RunAsync("diff", "--server-side", "-f", file);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(before, (await cluster.GetAsync("/api/v1/namespaces/default/configmaps/settings")).Rv);
        Assert.True(diff.ExitCode == 0, diff.ToString());
    }

    [Fact]
    public async Task Diff_ChangedManifest_ShowsTheChangeAndExitsOne()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));

        var diff = await kubectl.RunAsync("diff", "--server-side", "-f", kubectl.File("changed.yaml", DeploymentYaml.Replace("mode: fast", "mode: slow")));

        Assert.True(diff.ExitCode == 1, diff.ToString());
        Assert.Contains("-  mode: fast", diff.Stdout);
        Assert.Contains("+  mode: slow", diff.Stdout);
    }

    [Fact]
    public async Task GetJson_AfterApply_ReturnsTheDefaultedObject()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));

        var get = await kubectl.RunAsync("get", "service", "web", "-n", "default", "-o", "json");

        Assert.True(get.ExitCode == 0, get.ToString());
        var service = JsonNode.Parse(get.Stdout)!;
        Assert.Equal("Service", service["kind"]!.GetValue<string>());
        Assert.Equal("TCP", service["spec"]!["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.NotNull(service["metadata"]!["uid"]);
    }

    [Fact]
    public async Task Get_Table_PrintsKubectlColumns()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));

        var get = await kubectl.RunAsync("get", "deployments", "-n", "default");

        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE", get.Stdout);
        Assert.Matches(@"\nweb\s+\d/2\s+", get.Stdout);
    }

    [Fact]
    public async Task Get_LabelSelector_ListsOnlyMatches()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));

        var prod = await kubectl.RunAsync("get", "deployments,configmaps,services", "-n", "default", "-l", "env=prod", "-o", "name");
        var notProd = await kubectl.RunAsync("get", "configmaps", "-n", "default", "-l", "env!=prod", "-o", "name");

        Assert.True(prod.ExitCode == 0, prod.ToString());
        Assert.Equal(Lines("deployment.apps/web", "configmap/settings"), prod.Stdout.Trim());
        Assert.DoesNotContain("settings", notProd.Stdout);
    }

    [Fact]
    public async Task Delete_RemovesTheObject()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));

        var delete = await kubectl.RunAsync("delete", "configmap", "settings", "-n", "default");
        var get = await kubectl.RunAsync("get", "configmap", "settings", "-n", "default");

        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Contains("configmap \"settings\" deleted", delete.Stdout);
        Assert.Equal(1, get.ExitCode);
        Assert.Contains("NotFound", get.Stderr);
    }

    [Fact]
    public async Task GetWatch_WithTimeout_PrintsChangesAsTheyHappen()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        using var watch = kubectl.Start("get", "configmaps", "-n", "default", "-w", "--output-watch-events");
        var lines = new List<string>();
        var seen = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (line.Contains("MODIFIED") && line.Contains("late"))
                {
                    return true;
                }
            }
            return false;
        });

        // The watch is established once it prints nothing yet the server counts it; then changes follow.
        await TestCluster.EventuallyAsync(() => Task.FromResult(cluster.Cluster.WatcherCount), n => n > 0);
        await cluster.PostAsync("/api/v1/namespaces/default/configmaps", Manifests.ConfigMap("late"));
        await cluster.PatchAsync("/api/v1/namespaces/default/configmaps/late", """{"data":{"k":"2"}}""", "application/merge-patch+json");
        var finished = await Task.WhenAny(seen, Task.Delay(TimeSpan.FromSeconds(20)));
        watch.Kill(entireProcessTree: true);

        Assert.True(finished == seen && await seen, string.Join('\n', lines) + watch.StandardError.ReadToEnd());
        Assert.Contains(lines, l => l.Contains("ADDED") && l.Contains("late"));
    }

    [Fact]
    public async Task Wait_ForAvailable_ReturnsWhenTheRolloutCompletes()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));

        var wait = await kubectl.RunAsync("wait", "--for=condition=Available", "deployment/web", "-n", "default", "--timeout=30s");
        var rollout = await kubectl.RunAsync("rollout", "status", "deployment/web", "-n", "default", "--timeout=30s");

        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Contains("condition met", wait.Stdout);
        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        Assert.Contains("successfully rolled out", rollout.Stdout);
    }

    [Fact]
    public async Task Crd_OnceEstablished_ServesItsCustomResources()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);

        var crd = await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("crd.yaml", CrdYaml));
        var established = await kubectl.RunAsync("wait", "--for", "condition=Established", "crd/widgets.example.com", "--timeout=30s");
        var widget = await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("widget.yaml", """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w1, namespace: default}
            spec: {size: 3}
            """));
        var get = await kubectl.RunAsync("get", "wg", "-n", "default");

        Assert.True(crd.ExitCode == 0, crd.ToString());
        Assert.True(established.ExitCode == 0, established.ToString());
        Assert.True(widget.ExitCode == 0, widget.ToString());
        Assert.Contains("widget.example.com/w1 serverside-applied", widget.Stdout);
        Assert.Matches(@"NAME\s+SIZE\s+AGE", get.Stdout);
        Assert.Matches(@"\nw1\s+3\s+", get.Stdout);
    }

    [Fact]
    public async Task ApiResources_ListsBuiltInKinds()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);

        var resources = await kubectl.RunAsync("api-resources", "-o", "name");

        Assert.True(resources.ExitCode == 0, resources.ToString());
        foreach (var name in new[] { "namespaces", "configmaps", "secrets", "serviceaccounts", "services", "pods", "persistentvolumeclaims",
            "deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps", "jobs.batch", "cronjobs.batch",
            "ingresses.networking.k8s.io", "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io",
            "clusterroles.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io",
            "customresourcedefinitions.apiextensions.k8s.io" })
        {
            Assert.Contains(name, resources.Stdout.Split('\n'));
        }
    }

    [Fact]
    public async Task Scale_ChangesReplicasThroughTheScaleSubresource()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));

        var scale = await kubectl.RunAsync("scale", "deployment/web", "-n", "default", "--replicas=4");

        Assert.True(scale.ExitCode == 0, scale.ToString());
        var stored = await cluster.GetAsync("/apis/apps/v1/namespaces/default/deployments/web");
        Assert.Equal(4, stored.Json["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task ApplyServerSide_ConflictWithAnotherManager_FailsUnlessForced()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        var file = kubectl.File("app.yaml", DeploymentYaml);
        await kubectl.RunAsync("apply", "--server-side", "--field-manager", "fleet", "-f", file);
        var changed = kubectl.File("changed.yaml", DeploymentYaml.Replace("mode: fast", "mode: slow"));

        var conflict = await kubectl.RunAsync("apply", "--server-side", "-f", changed);
        var forced = await kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", changed);

        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict with \"fleet\"", conflict.Stderr);
        Assert.Contains(".data.mode", conflict.Stderr);
        Assert.True(forced.ExitCode == 0, forced.ToString());
    }

    [Fact]
    public async Task Create_InvalidName_ReportsTheServersMessage()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);

        var create = await kubectl.RunAsync("create", "-f", kubectl.File("bad.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: Bad_Name, namespace: default}
            data: {a: b}
            """));

        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains("The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", create.Stderr);
        Assert.Contains("RFC 1123", create.Stderr);
    }

    [Fact]
    public async Task GetHpa_AfterApply_PrintsAutoscalerColumns()
    {
        var cluster = fixture.NewCluster("kubectl");
        using var kubectl = new Infrastructure.Kubectl(cluster.Url);
        const string hpaYaml = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: web
              namespace: default
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              minReplicas: 3
              maxReplicas: 5
              metrics:
              - type: Resource
                resource:
                  name: cpu
                  target: {type: Utilization, averageUtilization: 70}
            """;
        await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("app.yaml", DeploymentYaml));
        var apply = await kubectl.RunAsync("apply", "--server-side", "-f", kubectl.File("hpa.yaml", hpaYaml));
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var get = await TestCluster.EventuallyAsync(() => kubectl.RunAsync("get", "hpa", "-n", "default"),
            r => r.ExitCode != 0 || System.Text.RegularExpressions.Regex.IsMatch(r.Stdout, @"\s3\s+\S+\s*$"));

        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Matches(@"^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE", get.Stdout);
        Assert.Matches(@"\nweb\s+Deployment/web\s+cpu: <unknown>/70%\s+3\s+5\s+3\s+", get.Stdout);
        var v1 = await kubectl.RunAsync("get", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", "default", "-o", "jsonpath={.spec.targetCPUUtilizationPercentage}");
        Assert.True(v1.ExitCode == 0, v1.ToString());
        Assert.Equal("70", v1.Stdout.Trim());
    }
}
