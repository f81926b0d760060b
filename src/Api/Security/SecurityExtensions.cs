using Fleet.Api.Agents;
using Fleet.Api.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Api.Security;

/// <summary>Registers authentication (bearer tokens) and the role policies.</summary>
public static class SecurityExtensions
{
    /// <summary>
    /// Every endpoint requires an authenticated caller unless it says AllowAnonymous (health, verified webhooks);
    /// mutating endpoints add <see cref="FleetPolicies.Operate"/> or <see cref="FleetPolicies.Administer"/>.
    /// </summary>
    public static IHostApplicationBuilder AddFleetSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<TokenValidator>();
        builder.Services.TryAddSingleton<ITokenValidator>(sp => sp.GetRequiredService<TokenValidator>());
        var oidc = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        // Refuse to start half-configured: a silo that silently ignored OIDC would lock users out or let the wrong ones in.
        var problems = oidc.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("OIDC configuration is invalid: " + string.Join("; ", problems));
        }
        var authentication = builder.Services.AddAuthentication(oidc.IsEnabled ? OidcAuthentication.SelectorScheme : BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AgentCredentialHandler>(AgentCredentialHandler.SchemeName, null);
        if (oidc.IsEnabled)
        {
            authentication.AddFleetOidc(oidc);
        }
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(FleetPolicies.Read, p => p.RequireAuthenticatedUser().RequireRole(FleetRoles.AtLeast(FleetRoles.Viewer)))
            .AddPolicy(FleetPolicies.Operate, p => p.RequireAuthenticatedUser().RequireRole(FleetRoles.AtLeast(FleetRoles.Operator)))
            .AddPolicy(FleetPolicies.AdministerApplications, p => p.RequireAuthenticatedUser().RequireRole(FleetRoles.AtLeast(FleetRoles.Admin)))
            .AddPolicy(FleetPolicies.Administer, p => p.RequireAuthenticatedUser().RequireRole(FleetRoles.AtLeast(FleetRoles.Admin))
                .RequireAssertion(context => !ProjectAccess.Of(context.User).IsScoped))
            .AddFleetAgentPolicy();
        return builder;
    }
}
