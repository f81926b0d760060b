using System.Net;
using System.Net.Http.Json;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Tests.Shared;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Security;

/// <summary>OIDC sign-in against a real (tiny) issuer on loopback, with a silo host configured for it.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class OidcTests(FleetHost host)
{
    private const string Audience = "fleet-api";

    [Fact]
    public async Task OidcBearer_MappedWrongAudienceUnmapped_AllowedUnauthorizedForbidden()
    {
        await using var issuer = await TestOidcIssuer.StartAsync();
        // A host of its own (own silo ports) with OIDC configured; everything else as the shared host.
        await using var oidcHost = HostWith(host, new Dictionary<string, string>
        {
            ["Fleet:Oidc:Authority"] = issuer.Authority,
            ["Fleet:Oidc:Audience"] = Audience,
            ["Fleet:Oidc:RequireHttpsMetadata"] = "false",
            ["Fleet:Oidc:RoleMappings:fleet-ops"] = "operator",
            ["Fleet:Oidc:RoleMappings:fleet-admins"] = "admin",
        });
        using var ops = ClientOf(oidcHost, issuer.Mint("olga", Audience, "staff", "fleet-ops"));
        using var admins = ClientOf(oidcHost, issuer.Mint("ada", Audience, "fleet-ops", "fleet-admins"));
        using var wrongAudience = ClientOf(oidcHost, issuer.Mint("olga", "someone-else", "fleet-ops"));
        using var unmapped = ClientOf(oidcHost, issuer.Mint("uma", Audience, "staff"));
        using var fleetToken = ClientOf(oidcHost, host.AdminToken);

        using var opsRead = await ops.GetAsync("/api/v1/clusters");
        using var opsSync = await ops.PostAsync($"/api/v1/applications/{Unique("a")}/sync", null);
        using var opsPut = await ops.PutAsJsonAsync($"/api/v1/clusters/{Unique("c")}", new { server = "http://127.0.0.1:1" });
        using var adminTokens = await admins.GetAsync("/api/v1/tokens");
        using var wrongRead = await wrongAudience.GetAsync("/api/v1/clusters");
        using var unmappedRead = await unmapped.GetAsync("/api/v1/clusters");
        using var fleetRead = await fleetToken.GetAsync("/api/v1/tokens");

        Assert.Equal(HttpStatusCode.OK, opsRead.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, opsSync.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, opsPut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminTokens.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongRead.StatusCode);
        Assert.Equal("application/problem+json", wrongRead.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, unmappedRead.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fleetRead.StatusCode);
    }
}
