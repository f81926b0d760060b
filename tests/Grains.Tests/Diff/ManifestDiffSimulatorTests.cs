using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text;
using Fleet.Engine.Diff;
using Fleet.Engine.Health;
using Fleet.Engine.Status;
using Fleet.Simulator.Hosting;

namespace Fleet.Grains.Tests.Diff;

/// <summary>
/// Diff and health against objects a real API server (the simulator) stored, with its defaulting and managedFields.
/// </summary>
public class ManifestDiffSimulatorTests
{
    private const string Manager = "fleet";

    [Fact]
    public async Task Compare_AfterServerSideApply_InSyncThenReportsFieldsGitRemoved()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { Clusters = ["a"] });
        using var http = new HttpClient { BaseAddress = new Uri(server.ClusterUrl("a") + "/") };
        var name = "web-" + Guid.NewGuid().ToString("N")[..8];
        var url = $"apis/apps/v1/namespaces/default/deployments/{name}";

        var withSidecar = Deployment(name, withSidecar: true);
        await ApplyAsync(http, url, withSidecar);
        var live = await GetAsync(http, url);

        Assert.True(ManifestDiff.Compare(withSidecar, live, Manager).InSync,
            ManifestDiff.Render(withSidecar, live, Manager));

        var withoutSidecar = Deployment(name, withSidecar: false);
        var diff = ManifestDiff.Compare(withoutSidecar, live, Manager);

        Assert.Equal(
            [".metadata.labels.team", ".spec.template.spec.containers[name=proxy]"],
            diff.Differences.Select(d => d.Path).Order(StringComparer.Ordinal));
        Assert.All(diff.Differences, d => Assert.Null(d.Desired));

        await ApplyAsync(http, url, withoutSidecar);
        Assert.True(ManifestDiff.Compare(withoutSidecar, await GetAsync(http, url), Manager).InSync);
    }

    [Fact]
    public async Task Assess_DeploymentAppliedToSimulator_BecomesHealthy()
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { Clusters = ["a"] });
        using var http = new HttpClient { BaseAddress = new Uri(server.ClusterUrl("a") + "/") };
        var name = "web-" + Guid.NewGuid().ToString("N")[..8];
        var url = $"apis/apps/v1/namespaces/default/deployments/{name}";
        await ApplyAsync(http, url, Deployment(name, withSidecar: false));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HealthAssessment health;
        do
        {
            health = HealthRules.Assess(await GetAsync(http, url));
            if (health.Status == HealthStatus.Healthy)
            {
                break;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    private static JsonObject Deployment(string name, bool withSidecar)
    {
        var deployment = (JsonObject)JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME","namespace":"default","labels":{"app":"web"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},
                                 "spec":{"containers":[{"name":"web","image":"web:1","ports":[{"containerPort":8080}],
                                                        "resources":{"limits":{"cpu":"0.5","memory":"1Gi"}}}]}}}}
            """.Replace("NAME", name, StringComparison.Ordinal))!;
        if (withSidecar)
        {
            deployment["metadata"]!["labels"]!["team"] = "payments";
            deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Add(JsonNode.Parse("""{"name":"proxy","image":"envoy:1"}"""));
        }

        return deployment;
    }

    private static async Task ApplyAsync(HttpClient http, string url, JsonObject manifest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{url}?fieldManager={Manager}&force=true")
        {
            Content = new StringContent(manifest.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string url) =>
        (JsonObject)JsonNode.Parse(await http.GetStringAsync(url))!;
}
