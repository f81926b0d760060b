using Fleet.Api.Security;

namespace Fleet.Silo.Tests.Security;

/// <summary>OIDC configuration rules and group-to-role mapping (pure logic).</summary>
public sealed class OidcOptionsTests
{
    [Fact]
    public void RoleFor_SeveralMappedGroups_StrongestRole()
    {
        var options = new OidcOptions { RoleMappings = new() { ["ops"] = "operator", ["admins"] = "admin", ["all"] = "viewer" } };

        Assert.Equal("admin", options.RoleFor(["all", "admins", "ops"]));
        Assert.Equal("operator", options.RoleFor(["ops", "unmapped"]));
        Assert.Null(options.RoleFor(["unmapped"]));
    }

    [Fact]
    public void Problems_HttpAuthorityNoAudienceBadRole_NamesEach()
    {
        var options = new OidcOptions { Authority = "http://idp.example", RoleMappings = new() { ["x"] = "root" } };

        var problems = options.Problems().ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("Authority", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Audience", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("RoleMappings:x", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_NotConfigured_None()
    {
        Assert.Empty(new OidcOptions().Problems());
    }
}
