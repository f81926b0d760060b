using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Production.Tests.Infrastructure;

namespace Fleet.Production.Tests.Security;

/// <summary>
/// Whoever has no valid token, over real HTTP against a silo process of its own (small limits, an audit log of three
/// entries): their calls cannot push real entries out of the audit log, they are counted in the metrics instead, and
/// past a small burst they are answered 429 before any work, while token holders go on as before.
/// </summary>
public sealed class AnonymousRequestTests(AnonymousRequestTests.LimitedSilo fixture) : IClassFixture<AnonymousRequestTests.LimitedSilo>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>One in-memory silo with an audit log of 3 entries and 2 anonymous requests per second (burst 4).</summary>
    public sealed class LimitedSilo : IAsyncLifetime
    {
        public string AdminToken { get; } = "limited-admin-" + Guid.NewGuid().ToString("N");

        public SiloProcess Silo { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Silo = new SiloProcess("limited", new Dictionary<string, string>
            {
                ["FLEET_ADMIN_TOKEN"] = AdminToken,
                ["Fleet__Audit__Capacity"] = "3",
                ["Fleet__RateLimits__Anonymous__PermitsPerSecond"] = "2",
                ["Fleet__RateLimits__Anonymous__Burst"] = "4",
                ["Logging__LogLevel__Default"] = "Warning",
            });
            Silo.Start();
            await Silo.WaitReadyAsync(AdminToken, ControlPlane.ReadyDeadline);
        }

        public async Task DisposeAsync() => await Silo.DisposeAsync();
    }

    [Fact]
    public async Task Anonymous_and_denied_calls_are_counted_and_never_push_audit_entries_out()
    {
        using var admin = fixture.Silo.CreateClient(fixture.AdminToken);
        using var stranger = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };
        var kept = "kept-" + Guid.NewGuid().ToString("N")[..8];
        (await admin.DeleteAsync($"api/v1/clusters/{kept}")).Dispose();
        await WaitForAsync(async () => (await AuditPathsAsync(admin)).Contains($"/api/v1/clusters/{kept}"), "the admin's call in the audit log");
        var before = await RefusedAsync(admin, "unauthenticated") + await RefusedAsync(admin, "rate_limited");

        for (var i = 0; i < 10; i++)
        {
            using var response = await stranger.DeleteAsync($"api/v1/clusters/anonymous-{i}");
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"answered {response.StatusCode}");
        }

        await WaitForAsync(async () => await RefusedAsync(admin, "unauthenticated") + await RefusedAsync(admin, "rate_limited") >= before + 10,
            "ten refusals counted in fleet_api_requests_refused");
        var paths = await AuditPathsAsync(admin);
        Assert.Contains($"/api/v1/clusters/{kept}", paths);
        Assert.DoesNotContain(paths, p => p.Contains("anonymous-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_tokens_past_the_burst_are_refused_while_token_holders_go_on()
    {
        using var admin = fixture.Silo.CreateClient(fixture.AdminToken);
        using var guesser = fixture.Silo.CreateClient("guess-" + Guid.NewGuid().ToString("N"));
        using var kubelet = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await guesser.GetAsync("api/v1/clusters");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("1", response.Headers.RetryAfter?.ToString());
                var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
                Assert.Contains("without a valid token", problem!["title"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
        using var allowed = await admin.GetAsync("api/v1/clusters");
        using var probe = await kubelet.GetAsync("healthz");

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, string.Join(", ", statuses)));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    private static async Task<List<string>> AuditPathsAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonArray>("api/v1/audit"))!.Select(e => e!["path"]!.GetValue<string>()).ToList();

    /// <summary>The value of fleet_api_requests_refused_total for <paramref name="reason"/> in the silo's /metrics.</summary>
    private static async Task<double> RefusedAsync(HttpClient admin, string reason)
    {
        var text = await admin.GetStringAsync("metrics");
        var label = $"reason=\"{reason}\"";
        return text.Split('\n')
            .Where(line => line.StartsWith("fleet_api_requests_refused_total{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"not seen within {Deadline}: {what}");
            }
            await Task.Delay(100);
        }
    }
}
