using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Security;

/// <summary>
/// Credentials in a repository URL would be shown to every viewer and written to logs: they belong in
/// username/password, which are stored encrypted.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class RepositoryUrlCredentialsTests(FleetHost host)
{
    [Theory]
    [InlineData("https://user:tok3n-secret@git.example.com/repo.git")]
    [InlineData("https://tok3n-secret@git.example.com/repo.git")]
    [InlineData("http://user:tok3n-secret@git.example.com/repo.git")]
    [InlineData("ssh://git:tok3n-secret@git.example.com/repo.git")]
    public async Task PutRepository_UrlWithUserInfo_Answers400WithoutEchoingIt(string url)
    {
        using var client = host.CreateClient();
        var name = Unique("r");

        using var response = await client.PutAsJsonAsync($"/api/v1/repositories/{name}", new { url, branch = "main" });
        var body = await response.Content.ReadAsStringAsync();
        using var after = await client.GetAsync($"/api/v1/repositories/{name}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("put credentials in username/password, which are stored encrypted",
            JsonNode.Parse(body)!["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok3n-secret", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task PutRepository_SshUrlWithLoginName_IsAccepted()
    {
        using var client = host.CreateClient();

        using var response = await client.PutAsJsonAsync($"/api/v1/repositories/{Unique("r")}", new { url = "ssh://git@127.0.0.1:1/repo.git", branch = "main" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
