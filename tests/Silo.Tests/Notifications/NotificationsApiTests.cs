using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Events.EventTestKit;

namespace Fleet.Silo.Tests.Notifications;

/// <summary>Notification sinks configured through the API, delivering to a real HTTP receiver on loopback.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class NotificationsApiTests(FleetHost host)
{
    private static async Task<JsonObject> SinkAsync(HttpClient client, string name) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/v1/notifications/{name}"))!;

    private static long Count(JsonObject sink, string field) => sink["status"]![field]!.GetValue<long>();

    [Fact]
    public async Task Webhook_Drift_DeliversOneSignedMessageAndHidesTheSecret()
    {
        using var client = host.CreateClient();
        await using var receiver = await Receiver.StartAsync();
        var (application, cluster) = await SyncedApplicationAsync(host, client);
        var sink = Unique("hook");
        var secret = "hmac-" + Guid.NewGuid().ToString("N");
        var path = "/hook-" + Guid.NewGuid().ToString("N");

        using var put = await client.PutAsJsonAsync($"/api/v1/notifications/{sink}", new
        {
            type = "webhook",
            url = receiver.Url(path),
            secret,
            triggers = new[] { "drift" },
            application,
        });
        await EditOutOfBandAsync(host, cluster, "hacked");
        var status = await EventuallyAsync(() => SinkAsync(client, sink), s => Count(s, "delivered") >= 1);
        using var list = await client.GetAsync("/api/v1/notifications");
        var listed = await list.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(path, request.Path);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), request.Body));
        Assert.Equal(expected, request.Signature);
        var body = JsonNode.Parse(request.Body)!;
        var e = body["events"]![0]!;
        Assert.Equal("DriftDetected", e["kind"]!.GetValue<string>());
        Assert.Equal(application, e["application"]!.GetValue<string>());
        Assert.Equal(cluster, e["cluster"]!.GetValue<string>());
        Assert.Equal(1, Count(status, "delivered"));
        Assert.True(status["hasSecret"]!.GetValue<bool>());
        Assert.Equal("127.0.0.1", status["urlHost"]!.GetValue<string>());
        foreach (var text in new[] { await put.Content.ReadAsStringAsync(), status.ToJsonString(), listed })
        {
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(path, text);
        }
        Assert.Contains(sink, listed);
    }

    [Fact]
    public async Task Slack_Drift_ReceivesTextAndAttachmentFields()
    {
        using var client = host.CreateClient();
        await using var receiver = await Receiver.StartAsync();
        var (application, cluster) = await SyncedApplicationAsync(host, client);
        var sink = Unique("slack");

        (await client.PutAsJsonAsync($"/api/v1/notifications/{sink}", new
        {
            type = "slack",
            url = receiver.Url("/services/T000/B000/XXXX"),
            triggers = new[] { "drift" },
            cluster,
        })).EnsureSuccessStatusCode();
        await EditOutOfBandAsync(host, cluster, "hacked");
        await EventuallyAsync(() => SinkAsync(client, sink), s => Count(s, "delivered") >= 1);

        var request = Assert.Single(receiver.Requests);
        Assert.Null(request.Signature);
        Assert.StartsWith("application/json", request.ContentType);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Contains(application, body["text"]!.GetValue<string>());
        var fields = body["attachments"]![0]!["fields"]!.AsArray().ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal(application, fields["Application"]);
        Assert.Equal(cluster, fields["Cluster"]);
        Assert.Equal("LiveDiffersFromGit", fields["Reason"]);
    }

    [Fact]
    public async Task Webhook_ReceiverFailsTwice_DeliveredAfterRetriesWithFailuresInStatus()
    {
        using var client = host.CreateClient();
        await using var receiver = await Receiver.StartAsync(500, 500);
        var (application, cluster) = await SyncedApplicationAsync(host, client);
        var sink = Unique("retry");

        (await client.PutAsJsonAsync($"/api/v1/notifications/{sink}", new
        {
            type = "webhook",
            url = receiver.Url("/retry"),
            triggers = new[] { "drift" },
            application,
        })).EnsureSuccessStatusCode();
        await EditOutOfBandAsync(host, cluster, "hacked");
        var status = await EventuallyAsync(() => SinkAsync(client, sink), s => Count(s, "delivered") >= 1);

        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(1, Count(status, "delivered"));
        Assert.Equal(2, Count(status, "failedAttempts"));
        Assert.Equal(0, Count(status, "failed"));
        Assert.Equal(0, Count(status, "consecutiveFailures"));
        Assert.Equal(500, status["status"]!["lastFailureStatusCode"]!.GetValue<int>());
        Assert.Contains("500", status["status"]!["lastFailureReason"]!.GetValue<string>());
        Assert.NotNull(status["status"]!["lastSuccess"]);
        Assert.Null(receiver.Requests.First().Signature);
    }

    [Fact]
    public async Task Webhook_ReceiverRejects_NotRetriedAndFailureRecorded()
    {
        using var client = host.CreateClient();
        await using var receiver = await Receiver.StartAsync(404);
        var (application, cluster) = await SyncedApplicationAsync(host, client);
        var sink = Unique("reject");

        (await client.PutAsJsonAsync($"/api/v1/notifications/{sink}", new
        {
            type = "webhook",
            url = receiver.Url("/gone"),
            triggers = new[] { "drift" },
            application,
        })).EnsureSuccessStatusCode();
        await EditOutOfBandAsync(host, cluster, "hacked");
        var status = await EventuallyAsync(() => SinkAsync(client, sink), s => Count(s, "failed") >= 1);

        Assert.Single(receiver.Requests);
        Assert.Equal(1, Count(status, "failed"));
        Assert.Equal(0, Count(status, "delivered"));
        Assert.Equal(1, Count(status, "consecutiveFailures"));
        Assert.Equal(404, status["status"]!["lastFailureStatusCode"]!.GetValue<int>());
        Assert.Null(status["status"]!["lastSuccess"]);
    }

    [Fact]
    public async Task Webhook_BurstOfDriftsWithinTheWindow_DeliveredOnce()
    {
        using var client = host.CreateClient();
        await using var receiver = await Receiver.StartAsync();
        var (application, cluster) = await SyncedApplicationAsync(host, client);
        var sink = Unique("burst");
        (await client.PutAsJsonAsync($"/api/v1/notifications/{sink}", new
        {
            type = "webhook",
            url = receiver.Url("/burst"),
            triggers = new[] { "drift" },
            application,
        })).EnsureSuccessStatusCode();
        var healed = await LiveGreetingAsync(host, cluster);

        for (var i = 0; i < 3; i++)
        {
            await EditOutOfBandAsync(host, cluster, $"hacked-{i}");
            // Each edit is a drift of its own: the next comes once Fleet healed this one.
            await EventuallyAsync(() => LiveGreetingAsync(host, cluster), g => g == healed);
        }
        var status = await EventuallyAsync(() => SinkAsync(client, sink), s => Count(s, "delivered") + Count(s, "deduplicated") >= 3);

        Assert.Equal(1, Count(status, "delivered"));
        Assert.Equal(2, Count(status, "deduplicated"));
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task PutSink_BadFields_Answers400NamingEachAndCreatesNothing()
    {
        using var client = host.CreateClient();
        var sink = Unique("bad");

        using var response = await client.PutAsJsonAsync($"/api/v1/notifications/{sink}", new
        {
            type = "pager",
            url = "not a url",
            triggers = new[] { "drift", "meteor-strike" },
            throttle = 0,
        });
        using var slackWithSecret = await client.PutAsJsonAsync($"/api/v1/notifications/{sink}", new
        {
            type = "slack",
            url = "https://hooks.slack.invalid/services/x",
            secret = "s",
            triggers = new[] { "drift" },
        });
        using var get = await client.GetAsync($"/api/v1/notifications/{sink}");
        using var anonymous = await host.CreateAnonymousClient().PutAsJsonAsync($"/api/v1/notifications/{sink}", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!;
        Assert.NotNull(errors["type"]);
        Assert.NotNull(errors["url"]);
        Assert.NotNull(errors["throttle"]);
        Assert.Contains("meteor-strike", errors["triggers"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, slackWithSecret.StatusCode);
        Assert.NotNull((await slackWithSecret.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["secret"]);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task DeleteSink_Existing_GoneFromGetAndList()
    {
        using var client = host.CreateClient();
        var sink = Unique("gone");
        (await client.PutAsJsonAsync($"/api/v1/notifications/{sink}", new
        {
            type = "webhook",
            url = "http://127.0.0.1:9/unused",
            triggers = new[] { "sync-failed" },
        })).EnsureSuccessStatusCode();

        using var delete = await client.DeleteAsync($"/api/v1/notifications/{sink}");
        using var again = await client.DeleteAsync($"/api/v1/notifications/{sink}");
        using var get = await client.GetAsync($"/api/v1/notifications/{sink}");
        var list = await client.GetStringAsync("/api/v1/notifications");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain(sink, list);
    }
}
