using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Api.Security;

/// <summary>
/// Wires OIDC next to Fleet's own tokens: a policy scheme sends a bearer that looks like a JWT to JwtBearer and
/// every other bearer to <see cref="BearerTokenHandler"/>; 401 and 403 answers stay Fleet's problem details.
/// </summary>
public static class OidcAuthentication
{
    /// <summary>The policy scheme that picks between OIDC and Fleet tokens.</summary>
    public const string SelectorScheme = "Fleet";

    /// <summary>The JwtBearer scheme's name.</summary>
    public const string OidcScheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Adds JwtBearer and the selector; the caller makes <see cref="SelectorScheme"/> the default.</summary>
    public static AuthenticationBuilder AddFleetOidc(this AuthenticationBuilder builder, OidcOptions oidc)
    {
        builder.AddPolicyScheme(SelectorScheme, "Fleet token or OIDC JWT", o =>
        {
            o.ForwardDefaultSelector = context => LooksLikeJwt(context) ? OidcScheme : BearerTokenHandler.SchemeName;
            o.ForwardChallenge = BearerTokenHandler.SchemeName;
            o.ForwardForbid = BearerTokenHandler.SchemeName;
        });
        builder.AddJwtBearer(OidcScheme, o =>
        {
            o.Authority = oidc.Authority;
            o.Audience = oidc.Audience;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            // Keep the provider's claim names as they are ("groups", "sub"); Fleet maps them itself below.
            o.MapInboundClaims = false;
            o.Events = new JwtBearerEvents { OnTokenValidated = context => MapIdentity(context, oidc) };
        });
        return builder;
    }

    // Fleet tokens are base64url (no dots) with a prefix; a JWT is three dot-separated parts.
    private static bool LooksLikeJwt(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var token = header.AsSpan("Bearer ".Length).Trim();
        return token.Count('.') == 2 && !token.StartsWith(Grains.Interfaces.Security.ApiTokens.Prefix, StringComparison.Ordinal);
    }

    // The API's tokens and the UI's ID tokens get one identity mapping (FleetPrincipal).
    private static Task MapIdentity(TokenValidatedContext context, OidcOptions oidc)
    {
        context.Principal = FleetPrincipal(context.Principal!, oidc, OidcScheme);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A fresh identity from a validated OIDC token: a readable name for audit entries and only the role Fleet
    /// derived from the groups (a role claim the provider put in the token is not trusted).
    /// </summary>
    public static ClaimsPrincipal FleetPrincipal(ClaimsPrincipal validated, OidcOptions oidc, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(validated);
        ArgumentNullException.ThrowIfNull(oidc);
        var name = validated.FindFirstValue("preferred_username") ?? validated.FindFirstValue("email") ?? validated.FindFirstValue("sub") ?? "oidc-user";
        var claims = validated.Claims.Where(c => c.Type is not (ClaimTypes.Role or ClaimTypes.Name)).ToList();
        claims.Add(new Claim(ClaimTypes.Name, name));
        if (oidc.RoleFor(validated.FindAll(oidc.GroupsClaim).Select(c => c.Value)) is { } role)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
