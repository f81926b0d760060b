using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Security;

/// <summary>
/// The audit log over real HTTP: mutating calls by token holders show up with who and outcome; refused calls stay
/// out of it (tests/Production.Tests/Security/AnonymousRequestTests counts them in metrics, in a process of its own).
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class AuditTests(FleetHost host)
{
    [Fact]
    public async Task Audit_OperatorSyncRecorded_ViewerDeniedPutNotRecorded()
    {
        using var admin = host.CreateClient();
        var cluster = Unique("c");
        var repository = Unique("r");
        var application = Unique("a");
        host.Simulator.AddCluster(cluster);
        (await admin.PutAsJsonAsync($"/api/v1/clusters/{cluster}", new { server = host.Simulator.ClusterUrl(cluster) })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = host.RepositoryPath, branch = "main" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/v1/applications/{application}", new
        {
            repository,
            path = "app",
            destination = new { clusters = new[] { cluster }, @namespace = "default" },
        })).EnsureSuccessStatusCode();
        var operatorName = Unique("op");
        var viewerName = Unique("view");
        var (_, operatorToken) = await CreateTokenAsync(host, "operator", operatorName);
        var (_, viewerToken) = await CreateTokenAsync(host, "viewer", viewerName);
        var secret = "body-secret-" + Guid.NewGuid().ToString("N");
        using var asOperator = host.CreateClient(operatorToken);
        using var asViewer = host.CreateClient(viewerToken);

        using var sync = await asOperator.PostAsync($"/api/v1/applications/{application}/sync", null);
        using var denied = await asViewer.PutAsJsonAsync($"/api/v1/clusters/{cluster}", new { server = "http://127.0.0.1:1", token = secret });

        Assert.True(sync.IsSuccessStatusCode, $"sync answered {sync.StatusCode}");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var synced = await FindAsync(admin, $"who={operatorName}", e => e["path"]?.GetValue<string>() == $"/api/v1/applications/{application}/sync");
        Assert.NotNull(synced);
        Assert.Equal(("POST", "operator", "Succeeded"), (synced["method"]!.GetValue<string>(), synced["role"]!.GetValue<string>(), synced["outcome"]!.GetValue<string>()));
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>($"/api/v1/audit?who={viewerName}"))!);
        using var all = await admin.GetAsync("/api/v1/audit?limit=1000");
        Assert.DoesNotContain(secret, await all.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Audit_BadQueryOrViewer_Answers400Or403()
    {
        var (_, viewerToken) = await CreateTokenAsync(host, "viewer");
        using var admin = host.CreateClient();
        using var viewer = host.CreateClient(viewerToken);

        using var bad = await admin.GetAsync("/api/v1/audit?outcome=Maybe&limit=0&since=yesterday");
        using var forbidden = await viewer.GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!;
        Assert.NotNull(errors["outcome"]);
        Assert.NotNull(errors["limit"]);
        Assert.NotNull(errors["since"]);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Audit_MoreCallsThanCapacity_KeepsTheNewest()
    {
        await using var small = HostWith(host, new Dictionary<string, string> { ["Fleet:Audit:Capacity"] = "3" });
        using var admin = ClientOf(small, host.AdminToken);
        var names = Enumerable.Range(0, 5).Select(i => Unique($"cap{i}")).ToList();

        foreach (var name in names)
        {
            using var response = await admin.DeleteAsync($"/api/v1/clusters/{name}");
        }

        Assert.NotNull(await FindAsync(admin, "", e => e["path"]?.GetValue<string>() == $"/api/v1/clusters/{names[^1]}"));
        var entries = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!;
        Assert.Equal(names.TakeLast(3).Reverse().Select(n => $"/api/v1/clusters/{n}"), entries.Select(e => e!["path"]!.GetValue<string>()));
    }

    // Entries are written after the response: poll the log until the entry shows up or 10 s pass.
    private static async Task<JsonNode?> FindAsync(HttpClient admin, string query, Func<JsonNode, bool> match)
    {
        JsonNode? found = null;
        await EventuallyAsync(async () =>
        {
            var entries = await admin.GetFromJsonAsync<JsonArray>($"/api/v1/audit?{query}");
            found = entries?.FirstOrDefault(e => e is not null && match(e));
            return found is not null;
        }, TimeSpan.FromSeconds(10));
        return found;
    }
}
