using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>Repositories of type helm and the applications on them: checked at PUT, shown by GET, secrets never answered.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class HelmRepositoryApiTests(FleetHost host)
{
    // Nothing listens on port 9 of loopback: the repository registers and says it cannot reach it.
    private const string DownRepository = "http://127.0.0.1:9/charts";

    [Theory]
    [InlineData("""{"url":"https://charts.example.com","type":"svn"}""", "type", "git or helm")]
    [InlineData("""{"url":"ftp://charts.example.com","type":"helm"}""", "url", "oci://host[:port]/path")]
    [InlineData("""{"url":"https://user:pw@charts.example.com","type":"helm"}""", "url", "must not carry credentials")]
    [InlineData("""{"url":"https://charts.example.com","type":"helm","branch":"main"}""", "branch", "not used by a Helm repository")]
    [InlineData("""{"url":"https://charts.example.com","type":"helm","insecure":true}""", "insecure", "only for an oci:// registry")]
    [InlineData("""{"url":"https://git.example.com/shop.git","insecure":true}""", "insecure", "only for a Helm repository")]
    public async Task PutRepository_BadHelmSettings_Answers400NamingTheField(string body, string field, string reason)
    {
        using var client = host.CreateClient();

        using var response = await client.PutAsync($"/api/v1/repositories/{ApiWorld.Unique("r")}", JsonContent.Create(JsonNode.Parse(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiWorld.JsonAsync(response))["errors"]!.AsObject();
        Assert.Contains(reason, Assert.Single(errors[field]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutRepository_HelmRepositoryDown_RegisteredWithTypeAndReadyFalse_PasswordNeverAnswered()
    {
        using var client = host.CreateClient();
        var name = ApiWorld.Unique("r");

        using var put = await client.PutAsJsonAsync($"/api/v1/repositories/{name}",
            new { url = "oci://127.0.0.1:9/charts", type = "helm", insecure = true, username = "robot", password = "registry-s3cret" });
        var text = await (await client.GetAsync($"/api/v1/repositories/{name}")).Content.ReadAsStringAsync();
        var view = JsonNode.Parse(text)!.AsObject();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("helm", view["type"]!.GetValue<string>());
        Assert.True(view["insecure"]!.GetValue<bool>());
        Assert.True(view["hasCredentials"]!.GetValue<bool>());
        Assert.DoesNotContain("registry-s3cret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("registry-s3cret", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutApplication_OnHelmRepository_ChartRequiredPathRefusedRevisionChecked()
    {
        using var client = host.CreateClient();
        var repository = ApiWorld.Unique("r");
        (await client.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = DownRepository, type = "helm" })).EnsureSuccessStatusCode();

        var missing = await ErrorsAsync(client, new JsonObject { ["repository"] = repository });
        var withPath = await ErrorsAsync(client, new JsonObject { ["repository"] = repository, ["chart"] = "podinfo", ["path"] = "charts/podinfo" });
        var badRevision = await ErrorsAsync(client, new JsonObject { ["repository"] = repository, ["chart"] = "podinfo", ["revision"] = ">>6" });
        var badChart = await ErrorsAsync(client, new JsonObject { ["repository"] = repository, ["chart"] = "../podinfo" });

        Assert.Contains("required for an application on a Helm repository", missing["chart"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not used on a Helm repository", withPath["path"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("chart version or a constraint", badRevision["revision"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not a chart name", badChart["chart"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutApplication_ChartOnGitRepository_Answers400()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();

        var errors = await ErrorsAsync(client, new JsonObject { ["repository"] = world.Repository, ["chart"] = "podinfo", ["path"] = "app" });

        Assert.Contains("only for a Helm repository", errors["chart"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutApplication_ChartWithConstraint_StoredAndShown()
    {
        using var client = host.CreateClient();
        var repository = ApiWorld.Unique("r");
        (await client.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = DownRepository, type = "helm" })).EnsureSuccessStatusCode();
        var name = ApiWorld.Unique("a");

        using var put = await client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository,
            chart = "podinfo",
            revision = ">=6.0.0 <7.0.0",
            destination = new { clusters = new[] { ApiWorld.Unique("c") } },
            helm = new { valueFiles = new[] { "values-prod.yaml" } },
        });
        var spec = (await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/applications/{name}")))["spec"]!;

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("podinfo", spec["chart"]!.GetValue<string>());
        Assert.Equal(">=6.0.0 <7.0.0", spec["revision"]!.GetValue<string>());
        await client.DeleteAsync($"/api/v1/applications/{name}");
    }

    [Fact]
    public async Task Rollback_ChartApplicationToARangeOrAMissingVersion_Answers400()
    {
        using var client = host.CreateClient();
        var repository = ApiWorld.Unique("r");
        (await client.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = DownRepository, type = "helm" })).EnsureSuccessStatusCode();
        var name = ApiWorld.Unique("a");
        (await client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository, chart = "podinfo", destination = new { clusters = new[] { ApiWorld.Unique("c") } },
        })).EnsureSuccessStatusCode();

        using var range = await client.PostAsJsonAsync($"/api/v1/applications/{name}/rollback", new { revision = "6.*" });
        var message = (await ApiWorld.JsonAsync(range))["errors"]!["revision"]![0]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.BadRequest, range.StatusCode);
        Assert.Contains("one exact version", message, StringComparison.Ordinal);
        await client.DeleteAsync($"/api/v1/applications/{name}");
    }

    private static async Task<JsonObject> ErrorsAsync(HttpClient client, JsonObject body)
    {
        body["destination"] = new JsonObject { ["clusters"] = new JsonArray("c") };
        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{ApiWorld.Unique("a")}", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await ApiWorld.JsonAsync(response))["errors"]!.AsObject();
    }
}
