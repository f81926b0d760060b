using Fleet.Web.Security;

namespace Fleet.Web.Tests.Logic;

public sealed class OidcFailureTests
{
    [Theory]
    [InlineData("Message contains error: 'access_denied', error_description: 'error_description is null'", BrowserOidc.Failures.Denied)]
    [InlineData("Correlation failed.", BrowserOidc.Failures.State)]
    [InlineData("OpenIdConnectAuthenticationHandler: message.State is null or empty.", BrowserOidc.Failures.State)]
    [InlineData("IDX10214: Audience validation failed.", BrowserOidc.Failures.Other)]
    public void ReasonOf_HandlerFailure_NamesTheSentence(string message, string reason) =>
        Assert.Equal(reason, BrowserOidc.ReasonOf(new InvalidOperationException(message)));
}
