using System.Net;
using System.Net.Http.Json;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Silo.Tests.Webhooks;

namespace Fleet.Silo.Tests.Telemetry;

/// <summary>/metrics over real HTTP against the real silo host, after a real application sync.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class MetricsEndpointTests(FleetHost host)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public void Parse_LabelsWithEscapes_ReadsNameLabelsAndValue()
    {
        var samples = PrometheusText.Parse("# HELP x y\nx_total{a=\"1\",b=\"q\\\"z\"} 3 1700000000\ny 2.5\n");

        Assert.Equal(2, samples.Count);
        Assert.Equal("x_total", samples[0].Name);
        Assert.Equal("q\"z", samples[0].Labels["b"]);
        Assert.Equal(3, samples[0].Value);
        Assert.Equal(2.5, samples[1].Value);
    }

    [Fact]
    public async Task Metrics_WithoutToken_Answers401()
    {
        using var anonymous = host.CreateAnonymousClient();

        using var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterASync_ReportInstanceSyncReconcileGitAndRequests()
    {
        using var client = host.CreateClient();
        using var anonymous = host.CreateAnonymousClient();
        var (cluster, repository, application) = (Unique("c"), Unique("r"), Unique("a"));
        var git = new LocalGitRepository();
        host.Simulator.AddCluster(cluster);
        (await client.PutAsJsonAsync($"/api/v1/clusters/{cluster}", new { server = host.Simulator.ClusterUrl(cluster) })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = git.Path, webhookSecret = "s3cret-value" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/v1/applications/{application}", new
        {
            repository,
            path = "app",
            destination = new { clusters = new[] { cluster }, @namespace = "default" },
            syncPolicy = new { automated = true, prune = true, selfHeal = true },
        })).EnsureSuccessStatusCode();
        (await anonymous.PostAsync("/api/v1/webhooks/generic", new StringContent("{}"))).Dispose();

        bool Ready(List<PrometheusSample> s) =>
            s.Any(x => x.Name == "fleet_instance_sync_status" && x.Labels.GetValueOrDefault("application") == application
                && x.Labels.GetValueOrDefault("status") == "Synced" && x.Value == 1)
            && s.Any(x => x.Name == "fleet_cluster_connection_status" && x.Labels.GetValueOrDefault("cluster") == cluster
                && x.Labels.GetValueOrDefault("status") == "Connected" && x.Value == 1)
;
        var samples = await ScrapeUntilAsync(client, Ready);

        var instance = samples.Where(x => x.Name == "fleet_instance_sync_status" && x.Labels.GetValueOrDefault("application") == application).ToList();
        Assert.Equal(cluster, instance[0].Labels["cluster"]);
        Assert.Single(instance, x => x.Value == 1);
        Assert.Equal(3, instance.Count);
        Assert.Contains(samples, x => x.Name == "fleet_instance_health_status" && x.Labels.GetValueOrDefault("application") == application);
        Assert.True(samples.Where(x => x.Name == "fleet_sync_total" && x.Labels.GetValueOrDefault("result") == "Succeeded").Sum(x => x.Value) >= 1);
        var reconciles = samples.Where(x => x.Name == "fleet_reconcile_duration_seconds_count").Sum(x => x.Value);
        Assert.True(reconciles >= 1, $"reconcile histogram count {reconciles}");
        Assert.True(samples.Where(x => x.Name == "fleet_reconcile_duration_seconds_sum").Sum(x => x.Value) > 0);
        Assert.True(samples.Where(x => x.Name == "fleet_git_fetch_total" && x.Labels.GetValueOrDefault("repository") == repository).Sum(x => x.Value) >= 1);
        Assert.True(samples.Where(x => x.Name == "fleet_git_fetch_duration_seconds_count" && x.Labels.GetValueOrDefault("repository") == repository).Sum(x => x.Value) >= 1);
        Assert.True(samples.Where(x => x.Name == "fleet_webhook_received_total" && x.Labels.GetValueOrDefault("provider") == "generic"
            && x.Labels.GetValueOrDefault("result") == "unauthorized").Sum(x => x.Value) >= 1);
        Assert.Contains(samples, x => x.Name.StartsWith("process_runtime_dotnet_", StringComparison.Ordinal) || x.Name.StartsWith("dotnet_", StringComparison.Ordinal));
        Assert.DoesNotContain(samples, x => x.Labels.Values.Any(v => v.Contains("s3cret-value", StringComparison.Ordinal)));
    }

    private static async Task<List<PrometheusSample>> ScrapeUntilAsync(HttpClient client, Func<List<PrometheusSample>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            if (done(samples))
            {
                return samples;
            }
            if (DateTime.UtcNow > deadline)
            {
                var names = string.Join(", ", samples.Select(s => s.Name).Distinct().Where(n => n.StartsWith("fleet", StringComparison.Ordinal)));
                throw new TimeoutException($"/metrics never showed the synced instance; fleet series: {names}");
            }
            await Task.Delay(200);
        }
    }
}
