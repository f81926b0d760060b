using Fleet.Grains.Interfaces.Agents;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Agents;

/// <summary>Answer of a credential exchange: the new credential (shown once), when it expires and when to renew it.</summary>
public sealed record AgentCredentialResponse(string Cluster, string Credential, DateTimeOffset ExpiresAt, DateTimeOffset RenewAfter);

/// <summary>Answer of a heartbeat: how often the agent should call in so the cluster does not show as disconnected.</summary>
public sealed record AgentHeartbeatResponse(string Cluster, int HeartbeatSeconds);

/// <summary>
/// /api/v1/agents/{cluster}: what a Fleet agent calls, outbound from its cluster. Every call is bound to the cluster in
/// the path, and a credential works for the cluster it names only.
/// </summary>
public static class AgentsApi
{
    /// <summary>The authorization policy of the agent endpoints: a valid credential, through the agent scheme only.</summary>
    public const string AgentPolicy = "fleet-agent";

    /// <summary>Adds the agent authentication scheme and its policy.</summary>
    public static AuthorizationBuilder AddFleetAgentPolicy(this AuthorizationBuilder authorization) =>
        authorization.AddPolicy(AgentPolicy, p => p.AddAuthenticationSchemes(AgentCredentialHandler.SchemeName)
            .RequireAuthenticatedUser().RequireClaim(AgentCredentialHandler.ClusterClaim));

    /// <summary>Maps the agent endpoints.</summary>
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/agents/{cluster}").WithTags("Agents");
        // Anonymous to the default scheme: the secret it trades is checked here, by the cluster's own access grain.
        group.MapPost("/credentials", ExchangeAsync).WithName("ExchangeAgentCredential")
            .WithSummary("Trades a bootstrap token (once) or the current credential (renewal) for a new agent credential.")
            .AllowAnonymous();
        group.MapPost("/heartbeat", HeartbeatAsync).WithName("AgentHeartbeat")
            .WithSummary("The agent calls in: its cluster is connected and last seen now.")
            .RequireAuthorization(AgentPolicy);
        return endpoints;
    }

    private static async Task<Results<Ok<AgentCredentialResponse>, ProblemHttpResult>> ExchangeAsync(string cluster, HttpRequest request, IGrainFactory grains)
    {
        var header = request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        // A token naming another cluster is refused without asking any grain.
        if (AgentTokens.Parse(presented) is not { } parsed || parsed.Cluster != cluster)
        {
            return Refused(cluster);
        }
        var issued = await grains.GetGrain<IAgentAccessGrain>(cluster).ExchangeAsync(parsed.Kind, ApiTokens.Hash(presented));
        if (issued is null)
        {
            return Refused(cluster);
        }
        await grains.GetGrain<IClusterGrain>(cluster).AgentSeenAsync();
        return TypedResults.Ok(new AgentCredentialResponse(cluster, issued.Credential, issued.ExpiresAt, issued.RenewAfter));
    }

    private static async Task<Results<Ok<AgentHeartbeatResponse>, ProblemHttpResult>> HeartbeatAsync(string cluster, HttpContext context, IGrainFactory grains)
    {
        if (!BoundTo(context, cluster))
        {
            return Forbidden();
        }
        await grains.GetGrain<IClusterGrain>(cluster).AgentSeenAsync();
        return TypedResults.Ok(new AgentHeartbeatResponse(cluster, HeartbeatSeconds));
    }

    // A third of the default grace period: two heartbeats may go missing before the cluster shows as disconnected.
    private const int HeartbeatSeconds = 30;

    private static bool BoundTo(HttpContext context, string cluster) =>
        context.User.FindFirst(AgentCredentialHandler.ClusterClaim)?.Value == cluster;

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "An agent credential may call the agent endpoints of its own cluster only.");

    private static ProblemHttpResult Refused(string cluster) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: $"The bootstrap token or credential is not one of cluster {cluster}, or it is used, expired or revoked. " +
            $"An admin issues a new bootstrap token with POST /api/v1/clusters/{cluster}/bootstrap-token.");
}
