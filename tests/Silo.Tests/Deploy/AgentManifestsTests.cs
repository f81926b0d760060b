using System.Text.Json.Nodes;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// deploy/agent (cluster-wide rights) and deploy/agent/namespaced (one namespace), rendered by the real kubectl and
/// applied server-side to a simulator cluster, as `fleet cluster add NAME --agent` tells an operator to.
/// </summary>
public sealed class AgentManifestsTests(DeploySimulatorFixture simulator) : IClassFixture<DeploySimulatorFixture>
{
    private readonly string _root = RepositoryRoot.Find();

    [Theory]
    [InlineData("deploy/agent", "ClusterRoleBinding")]
    [InlineData("deploy/agent/namespaced", "RoleBinding")]
    public async Task AgentVariant_AppliedServerSide_RunsAsItsServiceAccountWithTheRightsOfItsVariant(string path, string grantKind)
    {
        using var kubectl = simulator.NewCluster("deploy-agent");
        var created = await kubectl.RunAsync("create", "namespace", "fleet-agent");
        Assert.True(created.ExitCode == 0, created.ToString());
        var rendered = await kubectl.RunAsync("kustomize", Path.Combine(_root, path));
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        var manifests = kubectl.WriteFile(path.Replace('/', '-') + ".yaml", rendered.Stdout);

        var applied = await kubectl.RunAsync("apply", "--server-side", "--field-manager", "deploy-test", "-f", manifests);

        Assert.True(applied.ExitCode == 0, applied.ToString());
        var deployment = await GetJsonAsync(kubectl, "get", "deployment", "fleet-agent", "-n", "fleet-agent", "-o", "json");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        Assert.Equal("fleet-agent", pod["serviceAccountName"]!.GetValue<string>());
        Assert.Equal(1, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("fleet-agent-bootstrap", pod["containers"]![0]!["envFrom"]![0]!["secretRef"]!["name"]!.GetValue<string>());
        var grants = grantKind == "ClusterRoleBinding"
            ? await GetJsonAsync(kubectl, "get", "clusterrolebinding", "fleet-agent", "-o", "json")
            : await GetJsonAsync(kubectl, "get", "rolebinding", "fleet-agent", "-n", "fleet-agent", "-o", "json");
        Assert.Equal("fleet-agent", grants["subjects"]![0]!["name"]!.GetValue<string>());
        var credential = await GetJsonAsync(kubectl, "get", "role", "fleet-agent-credential", "-n", "fleet-agent", "-o", "json");
        Assert.Contains(credential["rules"]!.AsArray(), r => r!["resourceNames"]?[0]?.GetValue<string>() == "fleet-agent-credential");
        Assert.Equal(grantKind == "ClusterRoleBinding", rendered.Stdout.Contains("kind: ClusterRole\n", StringComparison.Ordinal));
    }

    private static async Task<JsonNode> GetJsonAsync(KubectlProcess kubectl, params string[] args)
    {
        var result = await kubectl.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }
}
