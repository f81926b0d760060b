using System.Text;
using System.Text.Json.Nodes;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// The Kustomize manifests under deploy/kubernetes, rendered by the real kubectl and applied server-side to a
/// simulator cluster: the API server must accept every object, and the objects must fit together (names the
/// generators hashed, selectors, the settings the silo reads).
/// </summary>
public sealed class KubernetesManifestsTests(DeploySimulatorFixture simulator) : IClassFixture<DeploySimulatorFixture>
{
    private const string Kinds =
        "serviceaccounts,configmaps,secrets,services,deployments.apps,statefulsets.apps,poddisruptionbudgets.policy," +
        "roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io,networkpolicies.networking.k8s.io";

    private readonly string _root = RepositoryRoot.Find();

    [Fact]
    public async Task ExampleOverlay_AppliedServerSide_EveryObjectExistsAndFits()
    {
        using var kubectl = simulator.NewCluster("deploy-example");
        var manifests = await RenderAsync(kubectl, "deploy/kubernetes/overlays/example");

        var applied = await kubectl.RunAsync("apply", "--server-side", "--field-manager", "deploy-test", "-f", manifests);

        Assert.True(applied.ExitCode == 0, applied.ToString());
        var ns = await GetJsonAsync(kubectl, "get", "namespace", "fleet", "-o", "json");
        Assert.Equal("restricted", ns["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]!.GetValue<string>());
        var objects = await GetObjectsAsync(kubectl, "fleet");

        var config = Single(objects, "ConfigMap", "fleet-config-");
        var secrets = Single(objects, "Secret", "fleet-secrets-");
        var redisSecret = Single(objects, "Secret", "fleet-redis-");
        Assert.Equal("Redis", Str(config["data"]!["Fleet__Storage"]));
        Assert.Equal("true", Str(config["data"]!["Fleet__Kubernetes__Enabled"]));
        Assert.NotNull(secrets["data"]!["FLEET_ADMIN_TOKEN"]);
        Assert.NotNull(redisSecret["data"]!["password"]);

        // The silos: three replicas wired to the generated ConfigMap and Secret, with the labels Orleans looks for.
        var deployment = objects["Deployment/fleet"];
        var pod = deployment["spec"]!["template"]!;
        var container = pod["spec"]!["containers"]![0]!;
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("registry.example.com/fleet:0.1.0", Str(container["image"]));
        Assert.Equal(Str(config["data"]!["Fleet__ServiceId"]), Str(pod["metadata"]!["labels"]!["orleans/serviceId"]));
        Assert.Equal(Str(config["data"]!["Fleet__ClusterId"]), Str(pod["metadata"]!["labels"]!["orleans/clusterId"]));
        Assert.Equal("fleet", Str(pod["spec"]!["serviceAccountName"]));
        Assert.False(pod["spec"]!["enableServiceLinks"]!.GetValue<bool>());
        Assert.True(objects.ContainsKey("ServiceAccount/fleet"));
        var envFrom = container["envFrom"]!.AsArray();
        Assert.Contains(envFrom, e => Str(e!["configMapRef"]?["name"]) == Name(config));
        Assert.Contains(envFrom, e => Str(e!["secretRef"]?["name"]) == Name(secrets));
        var env = container["env"]!.AsArray().ToDictionary(e => Str(e!["name"]), e => Str(e!["valueFrom"]?["fieldRef"]?["fieldPath"]));
        Assert.Equal("metadata.name", env["POD_NAME"]);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"]);
        Assert.Equal("status.podIP", env["POD_IP"]);
        var ports = container["ports"]!.AsArray().ToDictionary(p => Str(p!["name"]), p => p!["containerPort"]!.GetValue<int>());
        Assert.Equal(8080, ports["http"]);
        Assert.Equal(int.Parse(Str(config["data"]!["Fleet__SiloPort"])), ports["silo"]);
        // No Orleans gateway (nothing uses it; an open one lets whoever reaches it call grains), and silo traffic
        // is mutual TLS with the certificates of the Secret fleet-silo-tls.
        Assert.False(ports.ContainsKey("gateway"));
        Assert.Null(config["data"]!["Fleet__GatewayPort"]);
        var tlsMount = container["volumeMounts"]!.AsArray().Single(m => Str(m!["name"]) == "silo-tls")!;
        Assert.Equal("fleet-silo-tls", Str(pod["spec"]!["volumes"]!.AsArray().Single(v => Str(v!["name"]) == "silo-tls")!["secret"]!["secretName"]));
        foreach (var key in new[] { "Certificate", "Key", "CA" })
        {
            Assert.StartsWith(Str(tlsMount["mountPath"]) + "/", Str(config["data"]!["Fleet__SiloTls__" + key]), StringComparison.Ordinal);
        }
        Assert.Equal("/healthz", Str(container["livenessProbe"]!["httpGet"]!["path"]));
        Assert.Equal("/readyz", Str(container["readinessProbe"]!["httpGet"]!["path"]));
        Assert.True(pod["spec"]!["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);

        // With a read-only root filesystem, /tmp and the Git cache must be writable volumes.
        var mounts = container["volumeMounts"]!.AsArray().Select(m => Str(m!["mountPath"])).ToList();
        Assert.Contains("/tmp", mounts);
        var gitCache = Str(config["data"]!["Fleet__GitCacheDirectory"]);
        Assert.Contains(mounts, m => gitCache == m || gitCache.StartsWith(m + "/", StringComparison.Ordinal));

        // The Service and the disruption budget select the silo pods.
        var podLabels = pod["metadata"]!["labels"]!.AsObject();
        Assert.True(Selects(objects["Service/fleet"]["spec"]!["selector"]!.AsObject(), podLabels));
        Assert.Equal(8080, objects["Service/fleet"]["spec"]!["ports"]![0]!["port"]!.GetValue<int>());
        var budget = objects["PodDisruptionBudget/fleet"]["spec"]!;
        Assert.True(Selects(budget["selector"]!["matchLabels"]!.AsObject(), podLabels));
        Assert.Equal(1, budget["maxUnavailable"]!.GetValue<int>());

        // Orleans hosting may read and label pods, bound to the silos' account in their namespace.
        var verbs = objects["Role/fleet-orleans-hosting"]["rules"]![0]!["verbs"]!.AsArray().Select(Str).ToList();
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "patch" }, verbs.ToHashSet());
        var subject = objects["RoleBinding/fleet-orleans-hosting"]["subjects"]![0]!;
        Assert.Equal(("ServiceAccount", "fleet", "fleet"), (Str(subject["kind"]), Str(subject["name"]), Str(subject["namespace"])));

        // Redis: its Service is the host in Fleet's connection string, and it reads the generated password Secret.
        var connection = Encoding.UTF8.GetString(Convert.FromBase64String(Str(secrets["data"]!["Fleet__Redis__ConnectionString"])));
        var redisHost = connection.Split(',')[0].Split(':')[0];
        Assert.True(objects.ContainsKey($"Service/{redisHost}"), $"no Service {redisHost} for the connection string");
        var redis = objects["StatefulSet/fleet-redis"];
        Assert.Equal(redisHost, Str(redis["spec"]!["serviceName"]));
        Assert.Equal("data", Str(redis["spec"]!["volumeClaimTemplates"]![0]!["metadata"]!["name"]));
        var redisEnv = redis["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.All(redisEnv, e => Assert.Equal(Name(redisSecret), Str(e!["valueFrom"]!["secretKeyRef"]!["name"])));
        Assert.True(objects.ContainsKey("NetworkPolicy/fleet-redis"));
        Assert.True(objects.ContainsKey("NetworkPolicy/fleet-silo"));
    }

    [Fact]
    public async Task Base_AppliedServerSideToChosenNamespace_AcceptedWithoutSecrets()
    {
        using var kubectl = simulator.NewCluster("deploy-base");
        var ns = $"fleet-{Guid.NewGuid().ToString("N")[..8]}";
        var nsFile = kubectl.WriteFile("namespace.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n");
        var created = await kubectl.RunAsync("apply", "--server-side", "-f", nsFile);
        Assert.True(created.ExitCode == 0, created.ToString());
        var manifests = await RenderAsync(kubectl, "deploy/kubernetes/base");

        var applied = await kubectl.RunAsync("apply", "--server-side", "--field-manager", "deploy-test", "-n", ns, "-f", manifests);

        Assert.True(applied.ExitCode == 0, applied.ToString());
        var objects = await GetObjectsAsync(kubectl, ns);
        Assert.True(objects.ContainsKey("Deployment/fleet"));
        Assert.True(objects.ContainsKey("Service/fleet"));
        Assert.True(objects.ContainsKey("PodDisruptionBudget/fleet"));
        Single(objects, "ConfigMap", "fleet-config-");
        // Secrets are the overlay's (or the operator's) business: the base ships none, and no Redis either.
        Assert.DoesNotContain(objects.Keys, k => k.StartsWith("Secret/fleet", StringComparison.Ordinal));
        Assert.DoesNotContain(objects.Keys, k => k.StartsWith("StatefulSet/", StringComparison.Ordinal));
    }

    private async Task<string> RenderAsync(KubectlProcess kubectl, string relativePath)
    {
        var rendered = await kubectl.RunAsync("kustomize", Path.Combine(_root, relativePath));
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        return kubectl.WriteFile(relativePath.Replace('/', '-') + ".yaml", rendered.Stdout);
    }

    private static async Task<JsonNode> GetJsonAsync(KubectlProcess kubectl, params string[] args)
    {
        var result = await kubectl.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    /// <summary>Every object of the kinds the manifests use in a namespace, keyed "Kind/name".</summary>
    private static async Task<Dictionary<string, JsonNode>> GetObjectsAsync(KubectlProcess kubectl, string ns)
    {
        var list = await GetJsonAsync(kubectl, "get", Kinds, "-n", ns, "-o", "json");
        return list["items"]!.AsArray().ToDictionary(o => $"{Str(o!["kind"])}/{Name(o!)}", o => o!);
    }

    private static JsonNode Single(Dictionary<string, JsonNode> objects, string kind, string namePrefix)
    {
        var matches = objects.Where(o => o.Key.StartsWith($"{kind}/{namePrefix}", StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} named {namePrefix}…, found: {string.Join(", ", objects.Keys)}");
        return matches[0].Value;
    }

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetPropertyValue(s.Key, out var value) && Str(value) == Str(s.Value));

    private static string Name(JsonNode obj) => Str(obj["metadata"]!["name"]);

    private static string Str(JsonNode? node) => node?.GetValue<string>() ?? "";
}
