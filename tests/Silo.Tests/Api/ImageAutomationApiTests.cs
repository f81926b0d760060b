using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Api;

/// <summary>The image automation endpoints: field-named validation, write-only passwords, and who may do what.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class ImageAutomationApiTests(FleetHost host)
{
    // Nothing listens on port 1: scans fail at once with "connection refused", which is all these tests need.
    private const string Unreachable = "127.0.0.1:1/team/web";

    public static TheoryData<string, object, string> InvalidBodies => new()
    {
        { "imagerepositories", new { image = "Team/Web:1.0" }, "image" },
        { "imagerepositories", new { image = "registry.example.com/web", intervalSeconds = 1 }, "intervalSeconds" },
        { "imagerepositories", new { image = "registry.example.com/web", password = "p" }, "username" },
        { "imagepolicies", new { imageRepository = "web", policy = new { semver = new { range = ">=1" }, alphabetical = new { order = "asc" } } }, "policy" },
        { "imagepolicies", new { imageRepository = "web", policy = new { semver = new { range = ">=1.a" } } }, "policy.semver.range" },
        { "imagepolicies", new { imageRepository = "web", policy = new { numerical = new { order = "up" } } }, "policy.numerical.order" },
        { "imagepolicies", new { imageRepository = "web", policy = new { alphabetical = new { } }, filterTags = new { pattern = "(" } }, "filterTags.pattern" },
        { "imagepolicies", new { policy = new { alphabetical = new { } } }, "imageRepository" },
        { "imageupdates", new { repository = "config", path = "../etc", author = new { name = "Fleet", email = "fleet@example.com" } }, "path" },
        { "imageupdates", new { repository = "config", author = new { name = "Fleet", email = "nobody" } }, "author.email" },
        { "imageupdates", new { repository = "config", pushBranch = "a..b", author = new { name = "Fleet", email = "fleet@example.com" } }, "pushBranch" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Put_InvalidField_Answers400NamingItAndCreatesNothing(string collection, object body, string field)
    {
        using var client = host.CreateClient();
        var name = Unique("img");

        using var response = await client.PutAsJsonAsync($"/api/v1/{collection}/{name}", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        using var after = await client.GetAsync($"/api/v1/{collection}/{name}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem!["errors"]![field] is not null, problem.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task PutImageRepository_Password_IsNeverAnsweredAndTheFailedScanSaysWhy()
    {
        using var client = host.CreateClient();
        var name = Unique("img");
        const string password = "regi5try-pa55word";

        using var put = await client.PutAsJsonAsync($"/api/v1/imagerepositories/{name}",
            new { image = Unreachable, intervalSeconds = 3600, username = "robot", password, insecure = true });
        var putBody = await put.Content.ReadAsStringAsync();
        var got = await client.GetStringAsync($"/api/v1/imagerepositories/{name}");
        var listed = await client.GetStringAsync("/api/v1/imagerepositories");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var view = JsonNode.Parse(putBody)!;
        Assert.True(view["hasCredentials"]!.GetValue<bool>());
        Assert.Equal("RegistryUnreachable", view["conditions"]![0]!["reason"]!.GetValue<string>());
        Assert.DoesNotContain(password, putBody + got + listed, StringComparison.Ordinal);
        Assert.Contains(name, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutImagePolicy_AnswersTheRuleInTheRequestShape()
    {
        using var client = host.CreateClient();
        var name = Unique("pol");

        using var put = await client.PutAsJsonAsync($"/api/v1/imagepolicies/{name}", new
        {
            imageRepository = Unique("missing"),
            policy = new { numerical = new { order = "desc" } },
            filterTags = new { pattern = "^main-(?P<ts>[0-9]+)$", extract = "$ts" },
        });
        var body = await put.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("desc", body!["policy"]!["numerical"]!["order"]!.GetValue<string>());
        Assert.Equal("$ts", body["filterTags"]!["extract"]!.GetValue<string>());
        Assert.Equal("ImageRepositoryNotFound", body["conditions"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Roles_ViewerReadsOperatorScansOnlyAdminRegisters()
    {
        var name = Unique("img");
        using (var admin = host.CreateClient())
        {
            using var put = await admin.PutAsJsonAsync($"/api/v1/imagerepositories/{name}", new { image = Unreachable, intervalSeconds = 3600, insecure = true });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var (_, viewerToken) = await CreateTokenAsync(host, "viewer");
        var (_, operatorToken) = await CreateTokenAsync(host, "operator");
        using var viewer = host.CreateClient(viewerToken);
        using var @operator = host.CreateClient(operatorToken);

        using var viewerGet = await viewer.GetAsync($"/api/v1/imagerepositories/{name}");
        using var viewerScan = await viewer.PostAsync($"/api/v1/imagerepositories/{name}/scan", null);
        using var operatorScan = await @operator.PostAsync($"/api/v1/imagerepositories/{name}/scan", null);
        using var operatorPut = await @operator.PutAsJsonAsync($"/api/v1/imagepolicies/{Unique("pol")}", new { imageRepository = name, policy = new { alphabetical = new { } } });
        using var operatorDelete = await @operator.DeleteAsync($"/api/v1/imagerepositories/{name}");

        Assert.Equal(HttpStatusCode.OK, viewerGet.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerScan.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorScan.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorPut.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorDelete.StatusCode);
    }

    [Fact]
    public async Task Delete_Registered_ForgetsIt()
    {
        using var client = host.CreateClient();
        var name = Unique("img");
        using var put = await client.PutAsJsonAsync($"/api/v1/imagerepositories/{name}", new { image = Unreachable, intervalSeconds = 3600, insecure = true });

        using var deleted = await client.DeleteAsync($"/api/v1/imagerepositories/{name}");
        using var after = await client.GetAsync($"/api/v1/imagerepositories/{name}");
        var listed = await client.GetStringAsync("/api/v1/imagerepositories");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.DoesNotContain(name, listed, StringComparison.Ordinal);
    }
}
