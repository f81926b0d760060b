using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>
/// Documents name secrets instead of holding them: a key of a Kubernetes Secret in the control plane's namespace (here
/// a simulator cluster stands in for it) or an environment variable of the silo. The value is used (a webhook signed
/// with it is accepted), never shown, and the reference is kept for <c>fleet get</c>.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class SecretReferencesApiTests(FleetHost host)
{
    private static readonly HttpClient Kubernetes = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    [Fact]
    public async Task PutRepository_WebhookSecretFromKubernetesSecret_UsesTheSecretsValueAndShowsOnlyTheReference()
    {
        using var client = host.CreateClient();
        var (name, secret, value) = (ApiWorld.Unique("r"), ApiWorld.Unique("git"), "hook-" + Guid.NewGuid().ToString("N"));
        await CreateSecretAsync(secret, "webhook", value);
        var url = FleetHost.CreateRepository(new Dictionary<string, string> { ["app/a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n" });

        using var put = await client.PutAsync($"/api/v1/repositories/{name}", Yaml($"""
            apiVersion: fleet.dev/v1
            kind: Repository
            metadata: {"{"} name: {name} {"}"}
            spec:
              url: {url}
              webhookSecretFrom: {"{"} secret: {secret}, key: webhook {"}"}
            """));
        var view = await client.GetStringAsync($"/api/v1/repositories/{name}");
        var metadata = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/metadata/repositories/{name}"));

        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, await WebhookAsync(url, value));
        Assert.Equal(HttpStatusCode.Unauthorized, await WebhookAsync(url, "not-the-secret"));
        Assert.DoesNotContain(value, view, StringComparison.Ordinal);
        Assert.Equal(secret, metadata["secretReferences"]!["webhookSecretFrom"]!["secret"]!.GetValue<string>());
        Assert.Equal("webhook", metadata["secretReferences"]!["webhookSecretFrom"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutRepository_WebhookSecretFromEnvironment_UsesTheVariablesValue()
    {
        using var client = host.CreateClient();
        var (name, variable, value) = (ApiWorld.Unique("r"), "FLEET_SECRET_TEST_" + Guid.NewGuid().ToString("N"), "env-" + Guid.NewGuid().ToString("N"));
        // The silo runs in this process: its environment is the test's.
        Environment.SetEnvironmentVariable(variable, value);
        var url = FleetHost.CreateRepository(new Dictionary<string, string> { ["app/a.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n" });

        using var put = await client.PutAsJsonAsync($"/api/v1/repositories/{name}", new { url, webhookSecretFrom = new { env = variable } });
        var metadata = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/metadata/repositories/{name}"));

        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, await WebhookAsync(url, value));
        Assert.Equal(variable, metadata["secretReferences"]!["webhookSecretFrom"]!["env"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{secret: missing-%S, key: webhook}", "Secret \"missing-%S\" does not exist in namespace \"fleet-system\"")]
    [InlineData("{secret: %S, key: nokey}", "Secret \"%S\" in namespace \"fleet-system\" has no key \"nokey\"")]
    [InlineData("{env: FLEET_SECRET_TEST_UNSET}", "environment variable FLEET_SECRET_TEST_UNSET is not set on the silo")]
    [InlineData("{env: FLEET_ADMIN_TOKEN}", "is not a variable documents may name: FLEET_SECRET_")]
    [InlineData("{secret: %S}", "must be {secret: NAME, key: KEY}")]
    [InlineData("{secret: %S, key: webhook, env: X}", "must be {secret: NAME, key: KEY}")]
    [InlineData("{secret: Not_A_Name, key: webhook}", "is not a Secret name")]
    public async Task PutRepository_ReferenceThatCannotBeResolved_Answers400NamingSecretAndKey(string reference, string message)
    {
        using var client = host.CreateClient();
        var (name, secret) = (ApiWorld.Unique("r"), ApiWorld.Unique("git"));
        await CreateSecretAsync(secret, "webhook", "value");

        using var put = await client.PutAsync($"/api/v1/repositories/{name}", Yaml($"""
            url: {host.RepositoryPath}
            webhookSecretFrom: {reference.Replace("%S", secret, StringComparison.Ordinal)}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = (await ApiWorld.JsonAsync(put))["errors"]!["webhookSecretFrom"]![0]!.GetValue<string>();
        Assert.Contains(message.Replace("%S", secret, StringComparison.Ordinal), errors, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/repositories/{name}")).StatusCode);
    }

    [Fact]
    public async Task PutRepository_ValueAndReferenceBoth_Answers400()
    {
        using var client = host.CreateClient();

        using var put = await client.PutAsJsonAsync($"/api/v1/repositories/{ApiWorld.Unique("r")}",
            new { url = host.RepositoryPath, webhookSecret = "inline", webhookSecretFrom = new { env = "FLEET_SECRET_X" } });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("webhookSecret must not be set too", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task CreateSecretAsync(string name, string key, string value)
    {
        using var created = await Kubernetes.PostAsJsonAsync(
            $"{host.Simulator.ClusterUrl(FleetHost.ControlPlaneCluster)}/api/v1/namespaces/{FleetHost.ControlPlaneNamespace}/secrets",
            new { apiVersion = "v1", kind = "Secret", metadata = new { name }, data = new Dictionary<string, string> { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) } });
        created.EnsureSuccessStatusCode();
    }

    private async Task<HttpStatusCode> WebhookAsync(string url, string secret)
    {
        using var anonymous = host.CreateAnonymousClient();
        var body = $$"""{"url":{{System.Text.Json.JsonSerializer.Serialize(url)}},"branch":"main"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/generic") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Fleet-Signature",
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        using var response = await anonymous.SendAsync(request);
        return response.StatusCode;
    }
}
