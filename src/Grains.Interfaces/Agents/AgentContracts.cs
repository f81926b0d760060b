using System.Security.Cryptography;

namespace Fleet.Grains.Interfaces.Agents;

/// <summary>
/// The two secrets of an agent cluster. A bootstrap token ("fleetboot.{cluster}.{secret}") is shown once at
/// registration and traded, once, for a credential ("fleetagent.{cluster}.{secret}"). Both name their cluster, so a
/// presented secret is checked by that cluster's access grain alone (no fleet-wide lookup), and a credential of one
/// cluster can never pass as another's: the grain of the named cluster holds only its own hashes.
/// </summary>
public static class AgentTokens
{
    /// <summary>Starts every bootstrap token.</summary>
    public const string BootstrapPrefix = "fleetboot.";

    /// <summary>Starts every agent credential.</summary>
    public const string CredentialPrefix = "fleetagent.";

    /// <summary>A new bootstrap token for <paramref name="cluster"/>.</summary>
    public static string NewBootstrap(string cluster) => BootstrapPrefix + cluster + "." + Secret();

    /// <summary>A new credential for <paramref name="cluster"/>.</summary>
    public static string NewCredential(string cluster) => CredentialPrefix + cluster + "." + Secret();

    /// <summary>
    /// The kind and cluster a token names, or null when it has neither shape. Cluster names are RFC 1123 labels and
    /// the secret is hex, so neither holds a dot.
    /// </summary>
    public static (AgentTokenKind Kind, string Cluster)? Parse(string token)
    {
        var kind = token.StartsWith(BootstrapPrefix, StringComparison.Ordinal) ? AgentTokenKind.Bootstrap
            : token.StartsWith(CredentialPrefix, StringComparison.Ordinal) ? AgentTokenKind.Credential
            : (AgentTokenKind?)null;
        if (kind is null || token.Length > 200)
        {
            return null;
        }
        var parts = token.Split('.');
        return parts.Length == 3 && parts[1].Length > 0 && parts[2].Length == 64 ? (kind.Value, parts[1]) : null;
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

/// <summary>Which of the two agent secrets a token is.</summary>
[GenerateSerializer]
public enum AgentTokenKind
{
    /// <summary>Shown once at registration; trades for the first credential.</summary>
    Bootstrap = 0,

    /// <summary>What the agent sends with every call; trades for its successor when renewed.</summary>
    Credential = 1,
}

/// <summary>A credential just issued to an agent: its text (shown once), when it stops working and when to renew it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.AgentCredential")]
public sealed record AgentCredential
{
    [Id(0)] public required string Credential { get; init; }
    [Id(1)] public required DateTimeOffset ExpiresAt { get; init; }
    [Id(2)] public required DateTimeOffset RenewAfter { get; init; }
}

/// <summary>
/// The secrets of one agent cluster (key: the cluster's name): one bootstrap token at most, the current credential
/// and, until the agent first uses the current one, its predecessor. Only SHA-256 hashes are kept.
/// </summary>
public interface IAgentAccessGrain : IGrainWithStringKey
{
    /// <summary>A new bootstrap token (the previous one, if unused, stops working); the credentials stay.</summary>
    Task<string> IssueBootstrapAsync();

    /// <summary>
    /// Trades the secret whose SHA-256 is <paramref name="sha256"/> (an unused bootstrap token or the current
    /// credential) for a new credential. Null when it is unknown, used, expired or revoked.
    /// </summary>
    Task<AgentCredential?> ExchangeAsync(AgentTokenKind kind, string sha256);

    /// <summary>Whether a credential with this hash may call the agent endpoints of this cluster now.</summary>
    Task<bool> VerifyAsync(string sha256);

    /// <summary>Every secret of the cluster stops working (the cluster was deleted or left agent mode).</summary>
    Task RevokeAsync();
}
