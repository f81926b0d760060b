using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Webhooks;

/// <summary>Git webhooks over real HTTP against the real silo host, with real local Git repositories.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class WebhooksApiTests(FleetHost host)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static string GitHubPush(string url, string branch = "main") =>
        new JsonObject
        {
            ["ref"] = $"refs/heads/{branch}",
            ["after"] = "0000000000000000000000000000000000000000",
            ["repository"] = new JsonObject { ["clone_url"] = url, ["html_url"] = "https://example.invalid/org/none" },
        }.ToJsonString();

    private static HttpRequestMessage Post(string provider, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/{provider}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>Registers a repository (polling once a day, so only a webhook moves it) and answers its revision.</summary>
    private async Task<string> RegisterAsync(HttpClient client, string name, LocalGitRepository repository, string secret, string branch = "main")
    {
        using var put = await client.PutAsJsonAsync($"/api/v1/repositories/{name}",
            new { url = repository.Path, branch, pollIntervalSeconds = 86_400, webhookSecret = secret });
        put.EnsureSuccessStatusCode();
        return (await JsonAsync(put))["revision"]!.GetValue<string>();
    }

    private static async Task<JsonObject> EventuallyAsync(Func<Task<JsonObject>> read, Func<JsonObject, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {seconds} s; last value: {value.ToJsonString()}");
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task GitHubPush_ValidSignature_InstanceMovesToTheNewCommitWithoutPolling()
    {
        using var client = host.CreateClient();
        using var anonymous = host.CreateAnonymousClient();
        var (cluster, repositoryName, application, secret) = (Unique("c"), Unique("r"), Unique("a"), Unique("s"));
        var git = new LocalGitRepository();
        host.Simulator.AddCluster(cluster);
        (await client.PutAsJsonAsync($"/api/v1/clusters/{cluster}", new { server = host.Simulator.ClusterUrl(cluster) })).EnsureSuccessStatusCode();
        var first = await RegisterAsync(client, repositoryName, git, secret);
        (await client.PutAsJsonAsync($"/api/v1/applications/{application}", new
        {
            repository = repositoryName,
            path = "app",
            destination = new { clusters = new[] { cluster }, @namespace = "default" },
            syncPolicy = new { automated = true, prune = true, selfHeal = true },
        })).EnsureSuccessStatusCode();
        await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"/api/v1/applications/{application}/clusters/{cluster}")),
            i => i["revision"]?.GetValue<string>() == first && i["sync"]?.GetValue<string>() == "Synced");
        var second = git.CommitChange("two");
        // The URL as GitHub would spell it differently: a file URL with a trailing ".git".
        var body = GitHubPush($"file://{git.Path}.git");

        using var response = await anonymous.SendAsync(Post("github", body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(secret, body))));
        var answer = await JsonAsync(response);
        var moved = await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"/api/v1/applications/{application}/clusters/{cluster}")),
            i => i["revision"]?.GetValue<string>() == second && i["sync"]?.GetValue<string>() == "Synced");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, answer["matched"]!.GetValue<int>());
        Assert.Equal(repositoryName, answer["repositories"]![0]!.GetValue<string>());
        Assert.NotEqual(first, second);
        Assert.Equal(second, moved["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task GitHubPush_WrongOrMissingSignature_Answers401AndFetchesNothing()
    {
        using var client = host.CreateClient();
        using var anonymous = host.CreateAnonymousClient();
        var (repositoryName, secret) = (Unique("r"), Unique("s"));
        var git = new LocalGitRepository();
        var first = await RegisterAsync(client, repositoryName, git, secret);
        var before = await JsonAsync(await client.GetAsync($"/api/v1/repositories/{repositoryName}"));
        git.CommitChange("two");
        var body = GitHubPush(git.Path);

        using var wrong = await anonymous.SendAsync(Post("github", body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign("not-the-secret", body))));
        using var missing = await anonymous.SendAsync(Post("github", body, ("X-GitHub-Event", "push")));
        using var garbage = await anonymous.SendAsync(Post("github", body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=zz")));
        var after = await JsonAsync(await client.GetAsync($"/api/v1/repositories/{repositoryName}"));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal(first, after["revision"]!.GetValue<string>());
        Assert.Equal(before["lastFetch"]!.GetValue<DateTimeOffset>(), after["lastFetch"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task GitHubPing_NoSignature_Answers200()
    {
        using var anonymous = host.CreateAnonymousClient();

        using var response = await anonymous.SendAsync(Post("github", "{\"zen\":\"hi\"}", ("X-GitHub-Event", "ping")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GitHubPush_OtherBranch_Answers202WithNothingMatched()
    {
        using var client = host.CreateClient();
        using var anonymous = host.CreateAnonymousClient();
        var (repositoryName, secret) = (Unique("r"), Unique("s"));
        var git = new LocalGitRepository();
        await RegisterAsync(client, repositoryName, git, secret);
        var body = GitHubPush(git.Path, branch: "feature");

        using var response = await anonymous.SendAsync(Post("github", body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(secret, body))));
        var answer = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, answer["matched"]!.GetValue<int>());
        Assert.Empty(answer["repositories"]!.AsArray());
    }

    [Fact]
    public async Task GitHubPush_UnknownRemote_AnsweredExactlyAsABadSignature()
    {
        using var client = host.CreateClient();
        using var anonymous = host.CreateAnonymousClient();
        var (repositoryName, secret) = (Unique("r"), Unique("s"));
        var git = new LocalGitRepository();
        await RegisterAsync(client, repositoryName, git, secret);
        var known = GitHubPush(git.Path);
        var unknown = GitHubPush("https://git.example.com/" + Unique("nobody") + ".git");

        using var badSignature = await anonymous.SendAsync(Post("github", known, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign("wrong", known))));
        using var unknownRemote = await anonymous.SendAsync(Post("github", unknown, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign("wrong", unknown))));
        var bad = await JsonAsync(badSignature);
        var none = await JsonAsync(unknownRemote);
        // The trace id differs per request by design; everything else must be the same.
        bad.Remove("traceId");
        none.Remove("traceId");

        Assert.Equal(HttpStatusCode.Unauthorized, badSignature.StatusCode);
        Assert.Equal(badSignature.StatusCode, unknownRemote.StatusCode);
        Assert.Equal(badSignature.Content.Headers.ContentType?.MediaType, unknownRemote.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bad.ToJsonString(), none.ToJsonString());
    }

    [Fact]
    public async Task GitLabPush_TokenGoodOrBad_RefreshesOnlyWithTheRightToken()
    {
        using var client = host.CreateClient();
        using var anonymous = host.CreateAnonymousClient();
        var (repositoryName, secret) = (Unique("r"), Unique("s"));
        var git = new LocalGitRepository();
        var first = await RegisterAsync(client, repositoryName, git, secret);
        var second = git.CommitChange("two");
        var body = new JsonObject
        {
            ["object_kind"] = "push",
            ["ref"] = "refs/heads/main",
            ["project"] = new JsonObject { ["git_http_url"] = git.Path + "/", ["web_url"] = "https://gitlab.invalid/group/none" },
        }.ToJsonString();

        using var bad = await anonymous.SendAsync(Post("gitlab", body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", secret + "x")));
        var afterBad = await JsonAsync(await client.GetAsync($"/api/v1/repositories/{repositoryName}"));
        using var none = await anonymous.SendAsync(Post("gitlab", body, ("X-Gitlab-Event", "Push Hook")));
        using var good = await anonymous.SendAsync(Post("gitlab", body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", secret)));
        var answer = await JsonAsync(good);
        var refreshed = await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"/api/v1/repositories/{repositoryName}")),
            r => r["revision"]?.GetValue<string>() == second);

        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(first, afterBad["revision"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        Assert.Equal(1, answer["matched"]!.GetValue<int>());
        Assert.Equal(second, refreshed["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task GenericPush_ValidHmac_RefreshesTheRepository()
    {
        using var client = host.CreateClient();
        using var anonymous = host.CreateAnonymousClient();
        var (repositoryName, secret) = (Unique("r"), Unique("s"));
        var git = new LocalGitRepository();
        await RegisterAsync(client, repositoryName, git, secret);
        var second = git.CommitChange("two");
        var body = new JsonObject { ["url"] = git.Path, ["branch"] = "main" }.ToJsonString();

        using var wrong = await anonymous.SendAsync(Post("generic", body, ("X-Fleet-Signature", Sign(secret + "x", body))));
        using var noUrl = await anonymous.SendAsync(Post("generic", "{\"branch\":\"main\"}", ("X-Fleet-Signature", Sign(secret, "{\"branch\":\"main\"}"))));
        using var good = await anonymous.SendAsync(Post("generic", body, ("X-Fleet-Signature", Sign(secret, body))));
        var answer = await JsonAsync(good);
        var refreshed = await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"/api/v1/repositories/{repositoryName}")),
            r => r["revision"]?.GetValue<string>() == second);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noUrl.StatusCode);
        Assert.NotNull((await JsonAsync(noUrl))["errors"]!["url"]);
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        Assert.Equal(repositoryName, answer["repositories"]![0]!.GetValue<string>());
        Assert.Equal(second, refreshed["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Push_PayloadFullOfFieldsFleetDoesNotRead_IsAcceptedAndRefreshes()
    {
        // Providers send far more than Fleet reads; the API's strict reading of request bodies must not reach them.
        using var client = host.CreateClient();
        using var anonymous = host.CreateAnonymousClient();
        var (repositoryName, secret) = (Unique("r"), Unique("s"));
        var git = new LocalGitRepository();
        await RegisterAsync(client, repositoryName, git, secret);
        var second = git.CommitChange("two");
        var body = new JsonObject
        {
            ["ref"] = "refs/heads/main",
            ["before"] = "1111111111111111111111111111111111111111",
            ["after"] = second,
            ["forced"] = false,
            ["repository"] = new JsonObject { ["clone_url"] = git.Path, ["full_name"] = "org/repo", ["private"] = true, ["owner"] = new JsonObject { ["login"] = "org" } },
            ["pusher"] = new JsonObject { ["name"] = "someone", ["email"] = "someone@example.invalid" },
            ["commits"] = new JsonArray(new JsonObject { ["id"] = second, ["added"] = new JsonArray(), ["modified"] = new JsonArray("app/configmap.yaml") }),
        }.ToJsonString();

        using var response = await anonymous.SendAsync(Post("github", body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(secret, body))));
        var answer = await JsonAsync(response);
        var refreshed = await EventuallyAsync(async () => await JsonAsync(await client.GetAsync($"/api/v1/repositories/{repositoryName}")),
            r => r["revision"]?.GetValue<string>() == second);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(repositoryName, answer["repositories"]![0]!.GetValue<string>());
        Assert.Equal(second, refreshed["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Webhook_BodyOverTheLimit_Answers413()
    {
        using var anonymous = host.CreateAnonymousClient();
        var body = "{\"url\":\"" + new string('x', 1024 * 1024) + "\"}";

        using var response = await anonymous.SendAsync(Post("generic", body, ("X-Fleet-Signature", Sign("s", body))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PutRepository_WithSecrets_NeverReturnsThem()
    {
        using var client = host.CreateClient();
        var repositoryName = Unique("r");
        var (password, secret) = (Unique("password"), Unique("hook-secret"));
        var git = new LocalGitRepository();

        using var put = await client.PutAsJsonAsync($"/api/v1/repositories/{repositoryName}",
            new { url = git.Path, username = "fleet", password, webhookSecret = secret });
        var putText = await put.Content.ReadAsStringAsync();
        var getText = await client.GetStringAsync($"/api/v1/repositories/{repositoryName}");
        var listText = await client.GetStringAsync("/api/v1/repositories");
        using var empty = await client.PutAsJsonAsync($"/api/v1/repositories/{Unique("r")}", new { url = git.Path, webhookSecret = "" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        foreach (var text in new[] { putText, getText, listText })
        {
            Assert.DoesNotContain(password, text);
            Assert.DoesNotContain(secret, text);
        }
        var view = JsonNode.Parse(getText)!;
        Assert.True(view["hasCredentials"]!.GetValue<bool>());
        Assert.True(view["hasWebhookSecret"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull((await JsonAsync(empty))["errors"]!["webhookSecret"]);
    }
}
