using Fleet.Web.Security;

namespace Fleet.Web.Tests.Logic;

/// <summary>After signing in the browser goes back where it was, but never to another site.</summary>
public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/applications/web", "/applications/web")]
    [InlineData("/?health=Degraded", "/?health=Degraded")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("applications", "/")]
    public void LocalOrRoot_ReturnUrl_OnlyLocalPaths(string? returnUrl, string expected) =>
        Assert.Equal(expected, SessionEndpoints.LocalOrRoot(returnUrl));
}
