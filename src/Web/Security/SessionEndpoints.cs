using Fleet.Api.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Web.Security;

/// <summary>
/// Opens and closes a browser session: <c>POST /session/signin</c> with an API token (checked by the same validator
/// as a bearer token), <c>POST /session/oidc</c> (off to the OIDC provider, when one is configured) and
/// <c>POST /session/signout</c>. Both are forms with an antiforgery token, so that no other
/// site can sign a browser in (into its own account) or out.
/// </summary>
public static class SessionEndpoints
{
    /// <summary>The form field carrying the API token.</summary>
    public const string TokenField = "token";

    /// <summary>Maps the two endpoints.</summary>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/session").ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute());
        group.MapPost("/signin", SignInAsync).AllowAnonymous();
        group.MapPost("/signout", (Delegate)SignOutAsync).AllowAnonymous();
        // Starts the provider's sign-in (a form too: no other site can send a browser through it).
        group.MapPost("/oidc", (SingleSignOn sso, [FromForm] string? returnUrl) => sso.Offered
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }, [BrowserOidc.Scheme])
                : Results.NotFound())
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ITokenValidator validator, IDataProtectionProvider protection, [FromForm(Name = TokenField)] string? token, [FromForm] string? returnUrl)
    {
        var trimmed = token?.Trim() ?? "";
        var identity = trimmed.Length == 0 ? null : await validator.ValidateAsync(trimmed, context.RequestAborted);
        if (identity is null)
        {
            // Back to the form, saying why; the token itself never travels in a URL.
            return Results.Redirect($"{BrowserAuthentication.SignInPath}?failed=1{ReturnQuery(returnUrl)}");
        }
        await context.SignInAsync(BrowserAuthentication.CookieScheme, BrowserAuthentication.Principal(identity, SessionRevalidation.Claim(protection, trimmed)), BrowserAuthentication.Properties(trimmed));
        return Results.Redirect(LocalOrRoot(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(BrowserAuthentication.CookieScheme);
        return Results.Redirect(BrowserAuthentication.SignInPath);
    }

    /// <summary><paramref name="returnUrl"/> when it is a path of this site, else the overview: never a redirect elsewhere.</summary>
    public static string LocalOrRoot(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    private static string ReturnQuery(string? returnUrl) =>
        LocalOrRoot(returnUrl) is var local && local != "/" ? "&returnUrl=" + Uri.EscapeDataString(local) : "";
}
