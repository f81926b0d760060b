using System.Security.Claims;
using System.Text.Encodings.Web;
using Fleet.Grains.Interfaces.Agents;
using Fleet.Grains.Interfaces.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Api.Agents;

/// <summary>
/// Authenticates an agent by its credential ("Authorization: Bearer fleetagent.{cluster}.{secret}"). This scheme is
/// not the default one and only the agent endpoints name it, so an agent credential authenticates nowhere else (the
/// default scheme does not know it: 401), and the principal it makes carries no role, only the cluster it is bound to.
/// </summary>
public sealed class AgentCredentialHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "FleetAgent";

    /// <summary>The claim that holds the cluster the credential is bound to.</summary>
    public const string ClusterClaim = "fleet.dev/agent-cluster";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        if (AgentTokens.Parse(token) is not { Kind: AgentTokenKind.Credential, Cluster: var cluster })
        {
            return AuthenticateResult.Fail("The bearer token is no agent credential.");
        }
        // The cluster's own grain holds its hashes: a credential naming another cluster is checked there and fails.
        if (!await grains.GetGrain<IAgentAccessGrain>(cluster).VerifyAsync(ApiTokens.Hash(token)))
        {
            return AuthenticateResult.Fail("The agent credential is unknown, expired or revoked.");
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "agent:" + cluster), new Claim(ClusterClaim, cluster)], SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send the agent's credential: \"Authorization: Bearer fleetagent.<cluster>.<secret>\". A revoked agent needs a new bootstrap token.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "An agent credential may call the agent endpoints of its own cluster only.");

    private Task WriteProblemAsync(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
}
