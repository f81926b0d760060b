using System.Globalization;
using System.Security.Claims;
using Fleet.Api.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace Fleet.Web.Security;

/// <summary>
/// Checks the session of a live page again every few seconds, as every HTTP request checks its cookie: an open page
/// keeps one connection for hours, so without this a revoked token's page would go on streaming. A token session
/// is checked with the token validator (the token travels in the principal only as a Data Protection payload), an
/// OIDC session against its ID token's expiry. When the check fails the circuit's user becomes anonymous and
/// the <c>SessionWatch</c> component of each live part sends the browser to sign in.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, ITokenValidator validator, IDataProtectionProvider protection, TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    /// <summary>The claim holding the session's token, protected.</summary>
    public const string TokenClaim = "fleet-session-token";

    private const string Purpose = "Fleet.Web.SessionToken";

    /// <summary>How often a live page's session is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    /// <summary>The claim that lets a live page check <paramref name="token"/> again.</summary>
    public static Claim Claim(IDataProtectionProvider protection, string token) =>
        new(TokenClaim, protection.CreateProtector(Purpose).Protect(token));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        if (user.FindFirstValue(TokenClaim) is { } protectedToken)
        {
            string token;
            try
            {
                token = protection.CreateProtector(Purpose).Unprotect(protectedToken);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                return false;
            }
            return await validator.ValidateAsync(token, cancellationToken) is not null;
        }
        // An OIDC session: valid until its ID token expires.
        return user.FindFirstValue("exp") is not { } exp
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || time.GetUtcNow().ToUnixTimeSeconds() < seconds;
    }
}
