using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Events.EventTestKit;

namespace Fleet.Silo.Tests.Events;

/// <summary>GET /api/v1/events through a real SSE client against the real silo host.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class EventsApiTests(FleetHost host)
{
    [Fact]
    public async Task Stream_MoreThanTheCallersBound_Answers429UntilOneCloses()
    {
        await using var small = Security.SecurityTestHelpers.HostWith(host, new Dictionary<string, string> { ["Fleet:Events:MaxStreamsPerCaller"] = "2" });
        using var client = Security.SecurityTestHelpers.ClientOf(small, host.AdminToken);
        using var created = await client.PostAsJsonAsync("/api/v1/tokens", new { name = Unique("viewer"), role = "viewer" });
        var otherToken = (await created.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var other = Security.SecurityTestHelpers.ClientOf(small, otherToken);
        var first = await SseClient.OpenAsync(client, "");
        await using var second = await SseClient.OpenAsync(client, "");

        using (var refused = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("MaxStreamsPerCaller", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // The bound is per caller: another token still gets a stream.
        await using (await SseClient.OpenAsync(other, ""))
        {
        }

        await first.DisposeAsync();
        var reopened = await Security.SecurityTestHelpers.EventuallyAsync(async () =>
        {
            using var attempt = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
            return attempt.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10));
        Assert.True(reopened, "a closed stream's slot was not given back");
    }

    [Fact]
    public async Task Stream_NewApplication_SyncStartedThenSucceededForThatApplicationOnly()
    {
        using var client = host.CreateClient();
        var cluster = await AddClusterAsync(host, client);
        var application = Unique("a");
        var other = Unique("a");
        await using var stream = await SseClient.OpenAsync(client, $"?application={application}");

        // Another application on the same cluster, in a namespace of its own: Fleet refuses two owners of one object.
        await PutApplicationAsync(host, client, other, cluster, ns: other);
        await PutApplicationAsync(host, client, application, cluster);
        var messages = await stream.UntilAsync("SyncSucceeded");

        Assert.All(messages, m => Assert.Equal(application, m.Data["application"]!.GetValue<string>()));
        var started = Assert.Single(messages, m => m.Event == "SyncStarted");
        var succeeded = messages[^1];
        Assert.True(started.Id < succeeded.Id);
        Assert.Equal(cluster, succeeded.Data["cluster"]!.GetValue<string>());
        Assert.Equal("SyncSucceeded", succeeded.Data["kind"]!.GetValue<string>());
        Assert.Contains("Applied 1 objects", succeeded.Data["message"]!.GetValue<string>());
        Assert.Equal(succeeded.Id, succeeded.Data["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task Stream_OutOfBandEdit_DriftDetectedThenDriftHealed()
    {
        using var client = host.CreateClient();
        var (application, cluster) = await SyncedApplicationAsync(host, client);
        await using var stream = await SseClient.OpenAsync(client, $"?application={application}&kind=DriftDetected,DriftHealed");

        await EditOutOfBandAsync(host, cluster, "hacked");
        var detected = await stream.NextAsync();
        var healed = await stream.NextAsync();

        Assert.Equal("DriftDetected", detected.Event);
        Assert.Equal("LiveDiffersFromGit", detected.Data["reason"]!.GetValue<string>());
        Assert.Contains("ConfigMap/settings", detected.Data["message"]!.GetValue<string>());
        Assert.Equal("DriftHealed", healed.Event);
        Assert.True(detected.Id < healed.Id);
    }

    [Fact]
    public async Task Stream_ClusterOutage_UnreachableThenRecovered()
    {
        using var client = host.CreateClient();
        var cluster = await AddClusterAsync(host, client);
        await using var stream = await SseClient.OpenAsync(client, $"?cluster={cluster}&kind=ClusterUnreachable,ClusterRecovered");

        host.Simulator.Cluster(cluster).Faults.Outage = Simulator.Storage.OutageMode.Unavailable;
        var down = await stream.NextAsync();
        host.Simulator.Cluster(cluster).Faults.Clear();
        var up = await stream.NextAsync();

        Assert.Equal("ClusterUnreachable", down.Event);
        Assert.Equal(cluster, down.Data["cluster"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(down.Data["message"]!.GetValue<string>()));
        Assert.Equal("ClusterRecovered", up.Event);
    }

    [Fact]
    public async Task Stream_LastEventId_DeliversOnlyLaterEvents()
    {
        using var client = host.CreateClient();
        var cluster = await AddClusterAsync(host, client);
        var application = Unique("a");
        List<SseMessage> first;
        await using (var stream = await SseClient.OpenAsync(client, $"?application={application}"))
        {
            await PutApplicationAsync(host, client, application, cluster);
            first = await stream.UntilAsync("SyncSucceeded");
        }
        var started = first.Single(m => m.Event == "SyncStarted");

        await using var resumed = await SseClient.OpenAsync(client, $"?application={application}", lastEventId: started.Id);
        var next = await resumed.NextAsync();
        await using var bySince = await SseClient.OpenAsync(client, $"?application={application}&since={started.Id}");
        var nextBySince = await bySince.NextAsync();

        Assert.True(next.Id > started.Id);
        var expected = first[first.IndexOf(started) + 1];
        Assert.Equal((expected.Id, expected.Event), (next.Id, next.Event));
        Assert.Equal(next.Id, nextBySince.Id);
    }

    [Fact]
    public async Task Stream_UnknownKindOrBadSince_Answers400NamingTheField()
    {
        using var client = host.CreateClient();

        using var kind = await client.GetAsync("/api/v1/events?kind=SyncStarted,Exploded");
        using var since = await client.GetAsync("/api/v1/events?since=yesterday");
        using var anonymous = await host.CreateAnonymousClient().GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Contains("Exploded", (await kind.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["kind"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, since.StatusCode);
        Assert.NotNull((await since.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["since"]);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
