using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Agents;

/// <summary>
/// Agent-mode clusters over real HTTP against the real silo host: registration with a bootstrap token shown once,
/// the trade for a credential bound to one cluster, renewal, revocation, and where a credential is refused.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class AgentRegistrationApiTests(FleetHost host)
{
    [Fact]
    public async Task PutCluster_AgentMode_AnswersBootstrapTokenOnceAndStoresNoEndpoint()
    {
        using var admin = host.CreateClient();
        var name = Unique("agent");

        using var first = await admin.PutAsJsonAsync($"/api/v1/clusters/{name}", new { mode = "agent", labels = new { env = "edge" } });
        var registered = await JsonAsync(first);
        using var again = await admin.PutAsJsonAsync($"/api/v1/clusters/{name}", new { mode = "agent", labels = new { env = "prod" } });
        var relabelled = await JsonAsync(again);
        var read = await JsonAsync(await admin.GetAsync($"/api/v1/clusters/{name}"));
        var listed = await (await admin.GetAsync("/api/v1/clusters?selector=env=prod")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.StartsWith($"fleetboot.{name}.", registered["bootstrapToken"]!.GetValue<string>());
        Assert.Equal("Agent", registered["mode"]!.GetValue<string>());
        Assert.Equal("", registered["server"]!.GetValue<string>());
        Assert.False(registered["hasToken"]!.GetValue<bool>());
        Assert.Null(relabelled["bootstrapToken"]);
        Assert.Null(read["bootstrapToken"]);
        Assert.Equal("Unknown", read["connectivity"]!.GetValue<string>());
        Assert.Equal("AgentNotConnected", read["reason"]!.GetValue<string>());
        Assert.Equal("prod", read["labels"]!["env"]!.GetValue<string>());
        Assert.Contains(name, listed);
        Assert.DoesNotContain("fleetboot.", listed);
    }

    [Fact]
    public async Task PutCluster_AgentModeWithEndpointOrSecrets_Answers400NamingEachField()
    {
        using var admin = host.CreateClient();

        using var response = await admin.PutAsJsonAsync($"/api/v1/clusters/{Unique("agent")}",
            new { mode = "agent", server = "https://10.0.0.1:6443", token = "secret" });
        using var unknownMode = await admin.PutAsJsonAsync($"/api/v1/clusters/{Unique("agent")}", new { mode = "pull" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response))["errors"]!;
        Assert.NotNull(errors["server"]);
        Assert.NotNull(errors["token"]);
        Assert.Equal(HttpStatusCode.BadRequest, unknownMode.StatusCode);
        Assert.Contains("agent", (await JsonAsync(unknownMode))["errors"]!["mode"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Exchange_BootstrapToken_GivesAWorkingCredentialOnceAndConnectsTheCluster()
    {
        var (name, bootstrap) = await RegisterAgentAsync();

        using var exchanged = await ExchangeAsync(name, bootstrap);
        var credential = (await JsonAsync(exchanged))["credential"]!.GetValue<string>();
        using var reused = await ExchangeAsync(name, bootstrap);
        using var heartbeat = await HeartbeatAsync(name, credential);
        using var admin = host.CreateClient();
        var cluster = await JsonAsync(await admin.GetAsync($"/api/v1/clusters/{name}"));

        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.StartsWith($"fleetagent.{name}.", credential);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
        Assert.Equal("Connected", cluster["connectivity"]!.GetValue<string>());
        Assert.NotNull(cluster["lastProbe"]);
    }

    [Fact]
    public async Task AgentCredential_OutsideItsOwnAgentEndpoints_IsRefused()
    {
        var (name, bootstrap) = await RegisterAgentAsync();
        var (other, otherBootstrap) = await RegisterAgentAsync();
        var credential = await CredentialAsync(name, bootstrap);
        var otherCredential = await CredentialAsync(other, otherBootstrap);
        // The secret of one cluster under the other's name: the other cluster's grain does not know its hash.
        var forged = $"fleetagent.{other}.{credential.Split('.')[2]}";
        using var agent = host.CreateClient(credential);

        using var clusters = await agent.GetAsync("/api/v1/clusters");
        using var manifests = await agent.GetAsync($"/api/v1/applications");
        using var deleteCluster = await agent.DeleteAsync($"/api/v1/clusters/{other}");
        using var otherHeartbeat = await HeartbeatAsync(other, credential);
        using var forgedHeartbeat = await HeartbeatAsync(other, forged);
        using var otherExchange = await ExchangeAsync(other, credential);
        using var ownHeartbeat = await HeartbeatAsync(name, credential);
        using var otherOwn = await HeartbeatAsync(other, otherCredential);

        Assert.Equal(HttpStatusCode.Unauthorized, clusters.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, manifests.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, deleteCluster.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherHeartbeat.StatusCode);
        Assert.Equal("application/problem+json", otherHeartbeat.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedHeartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherExchange.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownHeartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherOwn.StatusCode);
    }

    [Fact]
    public async Task Exchange_CurrentCredential_RenewsAndTheOldOneEndsOnceTheNewOneIsUsed()
    {
        var (name, bootstrap) = await RegisterAgentAsync();
        var old = await CredentialAsync(name, bootstrap);

        using var renewed = await ExchangeAsync(name, old);
        var body = await JsonAsync(renewed);
        var current = body["credential"]!.GetValue<string>();
        using var oldBeforeUse = await HeartbeatAsync(name, old);
        using var currentUsed = await HeartbeatAsync(name, current);
        using var oldAfterUse = await HeartbeatAsync(name, old);

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.NotEqual(old, current);
        Assert.True(body["renewAfter"]!.GetValue<DateTimeOffset>() < body["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.OK, oldBeforeUse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, currentUsed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldAfterUse.StatusCode);
    }

    [Fact]
    public async Task DeleteCluster_AgentCluster_RevokesItsCredential()
    {
        var (name, bootstrap) = await RegisterAgentAsync();
        var credential = await CredentialAsync(name, bootstrap);
        using var admin = host.CreateClient();

        using var deleted = await admin.DeleteAsync($"/api/v1/clusters/{name}");
        using var heartbeat = await HeartbeatAsync(name, credential);
        using var renewal = await ExchangeAsync(name, credential);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, heartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, renewal.StatusCode);
    }

    [Fact]
    public async Task PutCluster_AgentClusterRegisteredAgainInPushMode_RevokesTheAgentAndProbesTheServer()
    {
        var (name, bootstrap) = await RegisterAgentAsync();
        var credential = await CredentialAsync(name, bootstrap);
        host.Simulator.AddCluster(name);
        using var admin = host.CreateClient();

        using var push = await admin.PutAsJsonAsync($"/api/v1/clusters/{name}", new { server = host.Simulator.ClusterUrl(name) });
        var view = await JsonAsync(push);
        using var heartbeat = await HeartbeatAsync(name, credential);

        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        Assert.Equal("Push", view["mode"]!.GetValue<string>());
        Assert.Equal("Connected", view["connectivity"]!.GetValue<string>());
        Assert.Null(view["bootstrapToken"]);
        Assert.Equal(HttpStatusCode.Unauthorized, heartbeat.StatusCode);
    }

    [Fact]
    public async Task IssueBootstrapToken_AgentLostItsCredential_NewTokenWorksAndShutsOutTheOldCredential()
    {
        var (name, bootstrap) = await RegisterAgentAsync();
        var lost = await CredentialAsync(name, bootstrap);
        using var admin = host.CreateClient();
        var push = Unique("push");
        host.Simulator.AddCluster(push);
        (await admin.PutAsJsonAsync($"/api/v1/clusters/{push}", new { server = host.Simulator.ClusterUrl(push) })).EnsureSuccessStatusCode();

        using var issued = await admin.PostAsync($"/api/v1/clusters/{name}/bootstrap-token", null);
        var second = (await JsonAsync(issued))["bootstrapToken"]!.GetValue<string>();
        var fresh = await CredentialAsync(name, second);
        using var lostHeartbeat = await HeartbeatAsync(name, lost);
        using var freshHeartbeat = await HeartbeatAsync(name, fresh);
        using var forPush = await admin.PostAsync($"/api/v1/clusters/{push}/bootstrap-token", null);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, lostHeartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freshHeartbeat.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, forPush.StatusCode);
    }

    [Fact]
    public async Task Application_OnAgentAndPushClusters_PushSyncsAndTheAgentInstanceSaysWhyItIsUnknown()
    {
        using var admin = host.CreateClient();
        var (agentCluster, _) = await RegisterAgentAsync();
        var push = Unique("push");
        var repository = Unique("r");
        var application = Unique("a");
        host.Simulator.AddCluster(push);
        (await admin.PutAsJsonAsync($"/api/v1/clusters/{push}", new { server = host.Simulator.ClusterUrl(push) })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = host.RepositoryPath, branch = "main" })).EnsureSuccessStatusCode();

        (await admin.PutAsJsonAsync($"/api/v1/applications/{application}", new
        {
            repository,
            path = "app",
            destination = new { clusters = new[] { push, agentCluster }, @namespace = "default" },
            syncPolicy = new { automated = true, prune = true, selfHeal = true },
        })).EnsureSuccessStatusCode();
        JsonNode? pushInstance = null;
        JsonNode? agentInstance = null;
        var settled = await EventuallyAsync(async () =>
        {
            var instances = (await JsonAsync(await admin.GetAsync($"/api/v1/applications/{application}")))["instances"]?.AsArray() ?? [];
            pushInstance = instances.FirstOrDefault(i => i?["cluster"]?.GetValue<string>() == push);
            agentInstance = instances.FirstOrDefault(i => i?["cluster"]?.GetValue<string>() == agentCluster);
            return pushInstance?["sync"]?.GetValue<string>() == "Synced" && agentInstance?["conditions"]?.AsArray().Count > 0;
        }, TimeSpan.FromSeconds(30));
        var detail = await JsonAsync(await admin.GetAsync($"/api/v1/applications/{application}/clusters/{agentCluster}"));

        Assert.True(settled, $"push: {pushInstance?.ToJsonString()}; agent: {agentInstance?.ToJsonString()}");
        Assert.Equal("Unknown", detail["sync"]!.GetValue<string>());
        Assert.Contains(detail["conditions"]!.AsArray(), c => c!["reason"]!.GetValue<string>() == "ReconciledByAgent");
        // The control plane never connected to the agent cluster: the simulator has no such cluster to reach.
        Assert.Equal("", (await JsonAsync(await admin.GetAsync($"/api/v1/clusters/{agentCluster}")))["server"]!.GetValue<string>());
    }

    [Fact]
    public async Task AgentCluster_QuietLongerThanTheGracePeriod_ShowsDisconnectedWithLastSeenAndItsInstancesUnknown()
    {
        await using var quick = HostWith(host, new Dictionary<string, string> { ["Fleet:AgentGracePeriod"] = "00:00:02" });
        using var admin = ClientOf(quick, host.AdminToken);
        var name = Unique("agent");
        using var registered = await admin.PutAsJsonAsync($"/api/v1/clusters/{name}", new { mode = "agent" });
        var bootstrap = (await JsonAsync(registered))["bootstrapToken"]!.GetValue<string>();
        using var anonymous = ClientOf(quick, bootstrap);
        using var exchanged = await anonymous.PostAsync($"/api/v1/agents/{name}/credentials", null);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        var repository = Unique("r");
        var application = Unique("a");
        (await admin.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = host.RepositoryPath, branch = "main" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/v1/applications/{application}", new
        {
            repository,
            path = "app",
            destination = new { clusters = new[] { name }, @namespace = "default" },
        })).EnsureSuccessStatusCode();

        JsonNode? cluster = null;
        JsonNode? instance = null;
        var disconnected = await EventuallyAsync(async () =>
        {
            cluster = await JsonAsync(await admin.GetAsync($"/api/v1/clusters/{name}"));
            instance = await JsonAsync(await admin.GetAsync($"/api/v1/applications/{application}/clusters/{name}"));
            return cluster["reason"]?.GetValue<string>() == "AgentDisconnected"
                && instance["conditions"]?.AsArray().Any(c => c?["reason"]?.GetValue<string>() == "AgentDisconnected") == true;
        }, TimeSpan.FromSeconds(20));

        Assert.True(disconnected, $"{cluster?.ToJsonString()} {instance?.ToJsonString()}");
        Assert.Equal("Unknown", instance!["health"]!.GetValue<string>());
        Assert.Equal("Unreachable", cluster!["connectivity"]!.GetValue<string>());
        Assert.NotNull(cluster["lastProbe"]);
        Assert.Contains("has not called in since", cluster["message"]!.GetValue<string>());
    }

    private async Task<(string Name, string Bootstrap)> RegisterAgentAsync()
    {
        using var admin = host.CreateClient();
        var name = Unique("agent");
        using var response = await admin.PutAsJsonAsync($"/api/v1/clusters/{name}", new { mode = "agent" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (name, (await JsonAsync(response))["bootstrapToken"]!.GetValue<string>());
    }

    private async Task<string> CredentialAsync(string cluster, string secret)
    {
        using var response = await ExchangeAsync(cluster, secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response))["credential"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> ExchangeAsync(string cluster, string secret)
    {
        using var client = host.CreateClient(secret);
        return await client.PostAsync($"/api/v1/agents/{cluster}/credentials", null);
    }

    private async Task<HttpResponseMessage> HeartbeatAsync(string cluster, string credential)
    {
        using var client = host.CreateClient(credential);
        return await client.PostAsync($"/api/v1/agents/{cluster}/heartbeat", null);
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonNode>())!;
}
