using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Security;

/// <summary>/api/v1/tokens over real HTTP against the real silo host.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class TokensApiTests(FleetHost host)
{
    [Fact]
    public async Task CreateToken_Valid_Answers201WithAWorkingTokenShownOnce()
    {
        using var admin = host.CreateClient();
        var name = Unique("ci");

        using var created = await admin.PostAsJsonAsync("/api/v1/tokens", new { name, role = "operator", expiresInDays = 30 });
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var token = body["token"]!.GetValue<string>();
        using var list = await admin.GetAsync("/api/v1/tokens");
        var listText = await list.Content.ReadAsStringAsync();
        using var withToken = host.CreateClient(token);
        using var read = await withToken.GetAsync("/api/v1/clusters");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("fleet_", token);
        Assert.Equal("operator", body["role"]!.GetValue<string>());
        Assert.Equal("admin", body["createdBy"]!.GetValue<string>());
        Assert.NotNull(body["expiresAt"]);
        Assert.Contains(name, listText);
        Assert.DoesNotContain(token, listText);
        Assert.DoesNotContain("sha256", listText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task CreateToken_BadNameRoleAndExpiry_Answers400NamingTheFields()
    {
        using var admin = host.CreateClient();

        using var response = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = "Not_Valid", role = "root", expiresInDays = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!;
        Assert.NotNull(errors["name"]);
        Assert.NotNull(errors["role"]);
        Assert.NotNull(errors["expiresInDays"]);
    }

    [Fact]
    public async Task CreateToken_NameTaken_Answers409()
    {
        var name = Unique("dup");
        await CreateTokenAsync(host, "viewer", name);
        using var admin = host.CreateClient();

        using var again = await admin.PostAsJsonAsync("/api/v1/tokens", new { name, role = "viewer" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task RevokeToken_UnknownId_Answers404()
    {
        using var admin = host.CreateClient();

        using var response = await admin.DeleteAsync("/api/v1/tokens/0000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
