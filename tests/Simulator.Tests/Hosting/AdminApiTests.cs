using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Simulator.Tests.Infrastructure;

namespace Fleet.Simulator.Tests.Hosting;

/// <summary>
/// The <c>/admin</c> endpoint tests and benchmarks use to add clusters and inject faults at run time. Every fault test
/// uses its own cluster so a fault never reaches another test.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class AdminApiTests(SimulatorFixture fixture)
{
    [Fact]
    public async Task PutCluster_NewName_ServesVersionUntilDeleted()
    {
        var name = $"admin-{Guid.NewGuid().ToString("N")[..8]}";

        using var added = await SendAsync(HttpMethod.Put, $"admin/clusters/{name}");
        var info = JsonNode.Parse(await added.Content.ReadAsStringAsync())!;
        using var version = await fixture.Http.GetAsync(fixture.Server.ClusterUrl(name) + "/version");
        var versionBody = JsonNode.Parse(await version.Content.ReadAsStringAsync())!;
        using var removed = await SendAsync(HttpMethod.Delete, $"admin/clusters/{name}");
        using var afterRemoval = await fixture.Http.GetAsync(fixture.Server.ClusterUrl(name) + "/version");
        using var removedAgain = await SendAsync(HttpMethod.Delete, $"admin/clusters/{name}");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(name, info["name"]!.GetValue<string>());
        Assert.Equal($"/clusters/{name}", info["path"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.False(string.IsNullOrEmpty(versionBody["gitVersion"]?.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterRemoval.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
    }

    [Fact]
    public async Task PutCluster_InvalidName_AnswersValidationProblem()
    {
        using var reply = await SendAsync(HttpMethod.Put, "admin/clusters/Not_A_Label");

        var problem = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.NotNull(problem["errors"]?["name"]);
    }

    [Fact]
    public async Task Faults_Latency_DelaysEveryRequest()
    {
        var cluster = fixture.NewCluster("fault");
        await SetFaultsAsync(cluster, """{"latencyMs":300}""");

        var clock = Stopwatch.StartNew();
        var reply = await cluster.GetAsync("/version");
        clock.Stop();

        Assert.Equal(200, reply.Code);
        // The server's delay runs on the runtime's millisecond timer, which may fire up to a tick before a
        // Stopwatch agrees: allow that granularity, nothing more (an unfaulted request takes a few ms).
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(295), $"request took only {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Faults_ErrorRateOneWith429_AnswersTooManyRequestsWithRetryAfter()
    {
        var cluster = fixture.NewCluster("fault");
        await SetFaultsAsync(cluster, """{"errorRate":1,"errorCode":429,"retryAfterSeconds":2}""");

        var reply = await cluster.GetAsync("/api/v1/namespaces");

        Assert.Equal(429, reply.Code);
        Assert.Equal(TimeSpan.FromSeconds(2), reply.RetryAfter);
    }

    [Fact]
    public async Task Faults_ErrorRateOneWith500_AnswersInternalErrorStatus()
    {
        var cluster = fixture.NewCluster("fault");
        await SetFaultsAsync(cluster, """{"errorRate":1,"errorCode":500}""");

        var reply = await cluster.GetAsync("/api/v1/namespaces/default/configmaps");

        Assert.Equal(500, reply.Code);
        Assert.Equal("Status", reply.Json["kind"]!.GetValue<string>());
        Assert.Equal("Failure", reply.Json["status"]!.GetValue<string>());
        Assert.Equal(500, reply.Json["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Faults_OutageUnavailable_AnswersServiceUnavailable()
    {
        var cluster = fixture.NewCluster("fault");
        await SetFaultsAsync(cluster, """{"outage":"unavailable"}""");

        var reply = await cluster.GetAsync("/version");

        Assert.Equal(503, reply.Code);
        Assert.Equal("ServiceUnavailable", reply.Json["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Faults_OutageRefuse_FailsWithoutHttpAnswer()
    {
        var cluster = fixture.NewCluster("fault");
        await SetFaultsAsync(cluster, """{"outage":"refuse"}""");

        await Assert.ThrowsAsync<HttpRequestException>(() => cluster.GetAsync("/version"));
    }

    [Fact]
    public async Task DeleteFaults_AfterOutage_RestoresService()
    {
        var cluster = fixture.NewCluster("fault");
        await SetFaultsAsync(cluster, """{"outage":"unavailable","latencyMs":50}""");
        var during = await cluster.GetAsync("/version");

        using var cleared = await SendAsync(HttpMethod.Delete, $"admin/clusters/{cluster.Name}/faults");
        var after = await cluster.GetAsync("/version");

        Assert.Equal(503, during.Code);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(200, after.Code);
    }

    [Fact]
    public async Task Faults_ReadBackThroughClusterList_ShowSettings()
    {
        var cluster = fixture.NewCluster("fault");
        await SetFaultsAsync(cluster, """{"latencyMs":5,"errorRate":0.25,"errorCode":503}""");

        using var reply = await SendAsync(HttpMethod.Get, "admin/clusters");
        var clusters = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!.AsArray();

        var faults = clusters.Single(c => c!["name"]!.GetValue<string>() == cluster.Name)!["faults"]!;
        Assert.Equal(5, faults["latencyMs"]!.GetValue<int>());
        Assert.Equal(0.25, faults["errorRate"]!.GetValue<double>());
        Assert.Equal(503, faults["errorCode"]!.GetValue<int>());
        Assert.Equal("none", faults["outage"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"errorRate":2}""", "errorRate")]
    [InlineData("""{"outage":"sometimes"}""", "outage")]
    [InlineData("""{"errorCode":418,"errorRate":1}""", "errorCode")]
    [InlineData("""{"latencyMs":-1}""", "latencyMs")]
    public async Task Faults_InvalidSetting_AnswersProblemDetailsNamingField(string settings, string field)
    {
        var cluster = fixture.NewCluster("fault");

        using var reply = await SendAsync(HttpMethod.Put, $"admin/clusters/{cluster.Name}/faults", settings);
        var problem = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
        var stillServing = await cluster.GetAsync("/version");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(problem["errors"]?[field]);
        Assert.Equal(200, stillServing.Code);
    }

    [Fact]
    public async Task PutFaults_UnknownCluster_AnswersNotFound()
    {
        using var reply = await SendAsync(HttpMethod.Put, "admin/clusters/no-such-cluster-x/faults", """{"latencyMs":1}""");

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    private async Task SetFaultsAsync(TestCluster cluster, string settings)
    {
        using var reply = await SendAsync(HttpMethod.Put, $"admin/clusters/{cluster.Name}/faults", settings);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(fixture.Server.BaseAddress, path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return await fixture.Http.SendAsync(request);
    }
}
