using System.Globalization;
using System.Net;
using System.Security.Claims;
using Fleet.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Fleet.Web.Security;

/// <summary>
/// Browser sign-in through the configured OIDC provider: the authorization code flow with PKCE, state and nonce (the
/// framework's OpenID Connect handler), the ID token validated for issuer, audience (the UI's client id), signature
/// and expiry, its groups mapped to a role exactly as the API maps a bearer JWT's, and then the same cookie session
/// as a token sign-in. Every failure lands on the sign-in page with a reason code that the page turns into a sentence.
/// </summary>
public static class BrowserOidc
{
    /// <summary>The OpenID Connect scheme of the UI.</summary>
    public const string Scheme = "FleetBrowserOidc";

    /// <summary>Where the provider sends the browser back with the code.</summary>
    public const string CallbackPath = "/session/oidc/callback";

    /// <summary>The reasons a sign-in through the provider failed, as the sign-in page's <c>failed</c> query value.</summary>
    public static class Failures
    {
        /// <summary>The provider (or the user at the provider) refused.</summary>
        public const string Denied = "oidc-denied";

        /// <summary>The answer matches no sign-in this browser started (state or correlation cookie missing or wrong).</summary>
        public const string State = "oidc-state";

        /// <summary>Signed in at the provider, but no group maps to a Fleet role.</summary>
        public const string NoRole = "oidc-role";

        /// <summary>Anything else (the token did not validate, the provider could not be reached): the log says what.</summary>
        public const string Other = "oidc-error";
    }

    /// <summary>Adds the OpenID Connect scheme that signs into <see cref="BrowserAuthentication.CookieScheme"/>.</summary>
    public static AuthenticationBuilder AddFleetBrowserOidc(this AuthenticationBuilder builder, OidcOptions oidc)
    {
        builder.AddOpenIdConnect(Scheme, "Single sign-on", o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.BrowserClientId;
            o.ClientSecret = string.IsNullOrWhiteSpace(oidc.ClientSecret) ? null : oidc.ClientSecret;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back on a top-level GET, which carries the Lax correlation and nonce cookies; a form
            // post from the provider's site would need SameSite=None cookies, which a plain-http silo cannot set.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = BrowserAuthentication.CookieScheme;
            o.MapInboundClaims = false;
            // The session needs the identity only; the provider's tokens are not kept in the cookie.
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            foreach (var scope in oidc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                o.Scope.Add(scope);
            }
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context => MapIdentity(context, oidc),
                OnTicketReceived = OpenSessionAsync,
                OnAccessDenied = context =>
                {
                    context.Response.Redirect(FailurePath(Failures.Denied));
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
                OnRemoteFailure = context =>
                {
                    var reason = ReasonOf(context.Failure);
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BrowserOidc))
                        .LogWarning("OIDC browser sign-in failed ({Reason}): {Failure}", reason, context.Failure?.Message);
                    context.Response.Redirect(FailurePath(reason));
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
            };
        });
        return builder;
    }

    /// <summary>The reason code for a failure of the remote sign-in (pure: the handler's exception messages).</summary>
    public static string ReasonOf(Exception? failure)
    {
        var message = failure?.Message ?? "";
        if (message.Contains("access_denied", StringComparison.Ordinal))
        {
            return Failures.Denied;
        }
        return message.Contains("Correlation failed", StringComparison.OrdinalIgnoreCase) || message.Contains("State", StringComparison.Ordinal)
            ? Failures.State
            : Failures.Other;
    }

    /// <summary>The sign-in page saying why.</summary>
    public static string FailurePath(string reason) => $"{BrowserAuthentication.SignInPath}?failed={Uri.EscapeDataString(reason)}";

    private static Task MapIdentity(TokenValidatedContext context, OidcOptions oidc)
    {
        var principal = OidcAuthentication.FleetPrincipal(context.Principal!, oidc, BrowserAuthentication.CookieScheme);
        if (!principal.HasClaim(c => c.Type == ClaimTypes.Role))
        {
            context.Response.Redirect(FailurePath(Failures.NoRole));
            context.HandleResponse();
            return Task.CompletedTask;
        }
        context.Principal = principal;
        return Task.CompletedTask;
    }

    // The session cookie is SameSite=Strict: set in this answer to a navigation that came from the provider's site,
    // the browser would not send it along the redirect that follows (still the same cross-site navigation). So the
    // session is opened here and the browser continues with a page of this site, whose own navigation is same-site.
    private static async Task OpenSessionAsync(TicketReceivedContext context)
    {
        var expires = context.Principal!.FindFirstValue("exp") is { } exp && long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow.AddHours(1);
        await context.HttpContext.SignInAsync(BrowserAuthentication.CookieScheme, context.Principal!, BrowserAuthentication.OidcProperties(expires));
        context.HandleResponse();
        var target = WebUtility.HtmlEncode(SessionEndpoints.LocalOrRoot(context.ReturnUri));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}"><title>Signed in · Fleet</title></head>
            <body><p>Signed in. <a href="{target}">Continue to Fleet</a>.</p></body></html>
            """);
    }
}
