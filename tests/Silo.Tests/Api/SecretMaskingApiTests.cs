using System.Net.Http.Json;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Silo.Tests.Security;
using static Fleet.Silo.Tests.Api.ApiWorld;

namespace Fleet.Silo.Tests.Api;

/// <summary>
/// A viewer reads instances and diffs, not Secrets: a Secret that drifted shows which key differs, never the value
/// Git declares nor the value the cluster holds.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class SecretMaskingApiTests(FleetHost host)
{
    private const string GitValue = "Z2l0LXBhc3N3b3JkLTQyMQ=="; // git-password-421
    private const string GitPlain = "git-token-867";
    private const string LiveValue = "bGl2ZS1wYXNzd29yZC05MzE="; // live-password-931

    private static readonly HttpClient Kubernetes = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task InstanceAndDiff_SecretEditedOutOfBand_ShowKeysButNoValueOfEitherSide()
    {
        using var admin = host.CreateClient();
        var (_, token) = await SecurityTestHelpers.CreateTokenAsync(host, "viewer");
        using var viewer = host.CreateClient(token);
        var repository = FleetHost.CreateRepository(new Dictionary<string, string>
        {
            ["app/secret.yaml"] = $"""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                data:
                  password: {GitValue}
                stringData:
                  token: {GitPlain}
                """,
        });
        var world = new ApiWorld(host, admin);
        (await admin.PutAsJsonAsync($"/api/v1/repositories/{world.Repository}", new { url = repository, branch = "main" })).EnsureSuccessStatusCode();
        var cluster = await world.AddClusterAsync();
        var application = await world.AddApplicationAsync(selfHeal: false);
        await world.WaitAllSyncedAsync();
        var instance = $"/api/v1/applications/{application}/clusters/{cluster}";

        using var patch = new StringContent($$$"""{"data":{"password":"{{{LiveValue}}}"},"stringData":{"token":"live-token-555"}}""", System.Text.Encoding.UTF8);
        patch.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
        (await Kubernetes.PatchAsync($"{host.Simulator.ClusterUrl(cluster)}/api/v1/namespaces/{application}/secrets/db?fieldManager=kubectl-edit", patch)).EnsureSuccessStatusCode();
        var diff = await EventuallyAsync(async () => await viewer.GetStringAsync($"{instance}/diff"), d => d.Contains("password", StringComparison.Ordinal));
        var answers = new[]
        {
            diff,
            await viewer.GetStringAsync($"{instance}/diff?all=true"),
            await viewer.GetStringAsync(instance),
            await viewer.GetStringAsync($"/api/v1/applications/{application}"),
            await viewer.GetStringAsync($"/api/v1/instances?selector=run={world.Run}"),
        };

        Assert.Contains("password: (secret value changed)", diff, StringComparison.Ordinal);
        Assert.Contains("token: (secret value changed)", diff, StringComparison.Ordinal);
        foreach (var value in new[] { GitValue, GitPlain, LiveValue, "live-token-555", "bGl2ZS10b2tlbi01NTU", "Z2l0LXRva2VuLTg2Nw" })
        {
            Assert.All(answers, answer => Assert.DoesNotContain(value, answer, StringComparison.Ordinal));
        }
    }
}
