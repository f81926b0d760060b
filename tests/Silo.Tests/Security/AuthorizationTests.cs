using System.Net;
using System.Net.Http.Json;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Security;

/// <summary>Who may do what, over real HTTP against the real silo host with tokens from the real registry.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class AuthorizationTests(FleetHost host)
{
    [Fact]
    public async Task GetClusters_Anonymous_Answers401ProblemDetails()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/api/v1/clusters");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("fleet_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-fleet-token")]
    public async Task GetClusters_UnknownToken_Answers401(string token)
    {
        using var client = host.CreateClient(token);

        using var response = await client.GetAsync("/api/v1/clusters");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_Anonymous_AnswersOk()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Viewer_ReadsButCannotSyncOrRegister_Answers403()
    {
        var (_, token) = await CreateTokenAsync(host, "viewer");
        using var client = host.CreateClient(token);

        using var list = await client.GetAsync("/api/v1/clusters");
        using var sync = await client.PostAsync($"/api/v1/applications/{Unique("a")}/sync", null);
        using var put = await client.PutAsJsonAsync($"/api/v1/clusters/{Unique("c")}", new { server = "http://127.0.0.1:1" });
        using var tokens = await client.GetAsync("/api/v1/tokens");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sync.StatusCode);
        Assert.Equal("application/problem+json", sync.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tokens.StatusCode);
    }

    [Fact]
    public async Task Operator_SyncsAndRefreshesButCannotPutOrDelete_Answers403()
    {
        var (_, token) = await CreateTokenAsync(host, "operator");
        using var client = host.CreateClient(token);

        // Unknown names: a 404 from the handler proves that authorization let the call through.
        using var refresh = await client.PostAsync($"/api/v1/repositories/{Unique("r")}/refresh", null);
        using var sync = await client.PostAsync($"/api/v1/applications/{Unique("a")}/sync", null);
        using var put = await client.PutAsJsonAsync($"/api/v1/clusters/{Unique("c")}", new { server = "http://127.0.0.1:1" });
        using var delete = await client.DeleteAsync($"/api/v1/applications/{Unique("a")}");

        Assert.Equal(HttpStatusCode.NotFound, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, sync.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task Admin_RegistersAndDeletesCluster_Succeeds()
    {
        var (_, token) = await CreateTokenAsync(host, "admin");
        using var client = host.CreateClient(token);
        var name = Unique("c");
        host.Simulator.AddCluster(name);

        using var put = await client.PutAsJsonAsync($"/api/v1/clusters/{name}", new { server = host.Simulator.ClusterUrl(name) });
        using var sync = await client.PostAsync($"/api/v1/applications/{Unique("a")}/sync", null);
        using var delete = await client.DeleteAsync($"/api/v1/clusters/{name}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, sync.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task RevokedToken_NextRequests_Answer401()
    {
        var (id, token) = await CreateTokenAsync(host, "viewer");
        using var client = host.CreateClient(token);
        using var before = await client.GetAsync("/api/v1/clusters");
        using var admin = host.CreateClient();

        using var revoke = await admin.DeleteAsync($"/api/v1/tokens/{id}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.True(await EventuallyAsync(async () =>
        {
            using var after = await client.GetAsync("/api/v1/clusters");
            return after.StatusCode == HttpStatusCode.Unauthorized;
        }, TimeSpan.FromSeconds(15)), "the revoked token still works after 15 s");
    }
}
