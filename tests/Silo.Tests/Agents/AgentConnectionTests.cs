using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Agent;
using Fleet.Agent.Configuration;
using Fleet.Agent.Credentials;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Simulator.Hosting;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Agents;

/// <summary>
/// The agent's own code (fleet-agent's AgentHost and AgentRunner) against the real silo host, each agent given only a
/// kubeconfig for its own simulator cluster; the control plane is given none.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class AgentConnectionTests(FleetHost host)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Agent_WithBootstrapToken_ConnectsKeepsItsCredentialInItsClusterAndNeedsNoTokenAfterARestart()
    {
        var (name, bootstrap, kubeconfig) = await AgentClusterAsync();

        await RunUntilConnectedAsync(name, bootstrap, kubeconfig);
        var stored = await StoreOf(kubeconfig).LoadAsync(CancellationToken.None);
        using var admin = host.CreateClient();
        var cluster = (await (await admin.GetAsync($"/api/v1/clusters/{name}")).Content.ReadFromJsonAsync<JsonObject>())!;
        // A restarted agent: no bootstrap token (it was used up anyway), only what its cluster keeps.
        await RunUntilConnectedAsync(name, bootstrap: null, kubeconfig);

        Assert.NotNull(stored);
        Assert.StartsWith($"fleetagent.{name}.", stored.Credential);
        Assert.Equal("Connected", cluster["connectivity"]!.GetValue<string>());
        Assert.Equal("", cluster["server"]!.GetValue<string>());
    }

    [Fact]
    public async Task Agent_CredentialDueForRenewal_RenewsKeepsTheNewOneAndTheOldOneStopsWorking()
    {
        var (name, bootstrap, kubeconfig) = await AgentClusterAsync();
        await RunUntilConnectedAsync(name, bootstrap, kubeconfig);
        var store = StoreOf(kubeconfig);
        var old = (await store.LoadAsync(CancellationToken.None))!;
        await store.SaveAsync(old with { RenewAfter = DateTimeOffset.UtcNow.AddMinutes(-1) }, CancellationToken.None);

        await RunUntilConnectedAsync(name, bootstrap: null, kubeconfig);
        var renewed = (await store.LoadAsync(CancellationToken.None))!;
        using var withOld = host.CreateClient(old.Credential);
        using var oldHeartbeat = await withOld.PostAsync($"/api/v1/agents/{name}/heartbeat", null);

        Assert.NotEqual(old.Credential, renewed.Credential);
        Assert.True(renewed.RenewAfter > DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Unauthorized, oldHeartbeat.StatusCode);
    }

    [Fact]
    public void Settings_MissingHubAndClusterOrContextWithoutKubeconfig_NameEachProblem()
    {
        var (settings, errors) = AgentSettings.Read(["--context", "west", "--bogus"], _ => null);
        var (fromEnvironment, none) = AgentSettings.Read([], v => v switch
        {
            "FLEET_HUB" => "https://fleet.example.com",
            "FLEET_CLUSTER" => "edge-1",
            "FLEET_TOKEN" => "fleetboot.edge-1.x",
            _ => null,
        });

        Assert.Null(settings);
        Assert.Contains(errors, e => e.Contains("--hub", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--cluster", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--context needs --kubeconfig", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--bogus", StringComparison.Ordinal));
        Assert.Empty(none);
        Assert.Equal("edge-1", fromEnvironment!.Cluster);
        Assert.Equal("fleetboot.edge-1.x", fromEnvironment.BootstrapToken);
        Assert.Null(fromEnvironment.Kubeconfig);
    }

    // An agent cluster registered with the control plane, a simulator cluster of the same name and a kubeconfig that
    // reaches that one cluster only.
    private async Task<(string Name, string Bootstrap, string Kubeconfig)> AgentClusterAsync()
    {
        var name = Unique("agent");
        using var admin = host.CreateClient();
        using var response = await admin.PutAsJsonAsync($"/api/v1/clusters/{name}", new { mode = "agent" });
        var bootstrap = (await response.Content.ReadFromJsonAsync<JsonObject>())!["bootstrapToken"]!.GetValue<string>();
        host.Simulator.AddCluster(name);
        var kubeconfig = Path.Combine(Directory.CreateTempSubdirectory("fleet-agent-").FullName, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, Kubeconfig.Render([new KubeconfigEntry(name, host.Simulator.ClusterUrl(name), null, "token-of-" + name)], name));
        return (name, bootstrap, kubeconfig);
    }

    // Runs an agent until the control plane accepted its first heartbeat, then stops it.
    private async Task RunUntilConnectedAsync(string name, string? bootstrap, string kubeconfig)
    {
        var settings = new AgentSettings { Hub = host.Server.BaseAddress, Cluster = name, BootstrapToken = bootstrap, Kubeconfig = kubeconfig };
        var (runner, resources) = AgentHost.Create(settings, NullLoggerFactory.Instance, host.Server.CreateHandler());
        using (resources)
        {
            using var stop = new CancellationTokenSource();
            var run = runner.RunAsync(stop.Token);
            var connected = await Task.WhenAny(runner.Connected, run, Task.Delay(Deadline));
            await stop.CancelAsync();
            await run;
            Assert.True(connected == runner.Connected, $"agent of {name} did not connect within {Deadline}");
        }
    }

    private static CredentialStore StoreOf(string kubeconfig) =>
        new(new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)), "default");
}
