using System.Security.Claims;
using Fleet.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Web.Security;

/// <summary>Whether the sign-in page offers the configured OIDC provider next to the token form.</summary>
public sealed record SingleSignOn(bool Offered);

/// <summary>
/// The browser's session: a cookie beside the API's bearer schemes. A policy scheme becomes the default and picks,
/// per request, the API's own scheme for everything under <c>/api</c>, <c>/metrics</c> and <c>/openapi</c> and for
/// any request carrying an Authorization header, and the cookie for the UI's pages. So the API stays bearer-only (a
/// cookie sent to <c>/api</c> is never read, so no other site can make a signed-in browser call it), and the UI's
/// own form posts are checked by antiforgery tokens.
/// </summary>
public static class BrowserAuthentication
{
    /// <summary>The policy scheme that chooses between the API's scheme and the cookie.</summary>
    public const string SelectorScheme = "FleetBrowserOrApi";

    /// <summary>The cookie scheme of the UI.</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "fleet-session";

    /// <summary>Where a browser without a session is sent.</summary>
    public const string SignInPath = "/signin";

    // The API token the session was opened with, kept inside the encrypted ticket so that every request checks it
    // again: a revoked token ends its sessions as soon as the validator's cache forgets it (seconds).
    private const string TokenItem = "fleet-token";

    // A session opened through the OIDC provider has no Fleet token to check again; it ends when the ID token it was
    // opened with expires, so a user the provider disables is out within that token's lifetime.
    private const string OidcExpiresItem = "fleet-oidc-expires";

    private static readonly PathString[] ApiPaths = [new("/api"), new("/metrics"), new("/openapi")];

    /// <summary>A session lasts this long without use; each use extends it.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    /// <summary>Adds the cookie scheme and makes the selector the default scheme.</summary>
    public static IHostApplicationBuilder AddFleetBrowserAuthentication(this IHostApplicationBuilder builder)
    {
        // The scheme the API authenticates with, as AddFleetSecurity chose it: OIDC's selector when OIDC is configured.
        var oidc = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        var apiScheme = oidc.IsEnabled ? OidcAuthentication.SelectorScheme : BearerTokenHandler.SchemeName;
        var authentication = builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
                o.DefaultForbidScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "Fleet API token or browser session", o =>
                o.ForwardDefaultSelector = context => IsApiRequest(context) ? apiScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                // Strict: the browser never sends the session along with a request another site starts, not even a
                // top-level navigation; antiforgery tokens guard the form posts besides.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = IdleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = SignInPath;
                o.ReturnUrlParameter = "returnUrl";
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = RevalidateAsync,
                    // A page asks the browser to sign in; a form post or a script gets a plain status code.
                    OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    },
                };
            });
        if (oidc.IsEnabled)
        {
            authentication.AddFleetBrowserOidc(oidc);
        }
        builder.Services.AddSingleton(new SingleSignOn(oidc.IsEnabled));
        return builder;
    }

    /// <summary>True for requests the API's bearer schemes authenticate.</summary>
    public static bool IsApiRequest(HttpContext context) =>
        !string.IsNullOrEmpty(context.Request.Headers.Authorization) || ApiPaths.Any(p => context.Request.Path.StartsWithSegments(p));

    /// <summary>
    /// The principal of a session opened with an API token of <paramref name="identity"/>: the claims the bearer
    /// handler gives, and the protected token for live pages to check again (<see cref="SessionRevalidation"/>).
    /// </summary>
    public static ClaimsPrincipal Principal(TokenIdentity identity, Claim sessionToken) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, identity.Name), new Claim(ClaimTypes.Role, identity.Role), .. ProjectAccess.Claims(identity.Projects), sessionToken],
        CookieScheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The ticket properties that keep <paramref name="token"/> for revalidation.</summary>
    public static AuthenticationProperties Properties(string token)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[TokenItem] = token;
        return properties;
    }

    /// <summary>The ticket properties of a session opened through the OIDC provider, valid until <paramref name="expires"/>.</summary>
    public static AuthenticationProperties OidcProperties(DateTimeOffset expires)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[OidcExpiresItem] = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return properties;
    }

    private static async Task RevalidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Properties.Items.TryGetValue(OidcExpiresItem, out var expires))
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
            if (!long.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture, out var until) || now >= until)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieScheme);
            }
            return;
        }
        context.Properties.Items.TryGetValue(TokenItem, out var token);
        var validator = context.HttpContext.RequestServices.GetRequiredService<ITokenValidator>();
        var identity = token is null ? null : await validator.ValidateAsync(token, context.HttpContext.RequestAborted);
        if (identity is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        // The role or projects of a token may have changed since the session opened: the session follows them.
        // The protected token is kept as it was issued: antiforgery tokens are bound to the claims, and protecting the
        // token again would give a new value (and void every form on the open pages) at each request.
        var sessionToken = context.Principal?.FindFirst(SessionRevalidation.TokenClaim) is { } kept
            ? new Claim(SessionRevalidation.TokenClaim, kept.Value)
            : SessionRevalidation.Claim(context.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), token!);
        context.ReplacePrincipal(Principal(identity, sessionToken));
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/_blazor"))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }
        return Task.CompletedTask;
    }
}
