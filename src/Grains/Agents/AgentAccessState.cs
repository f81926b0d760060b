using System.Security.Cryptography;
using System.Text;

namespace Fleet.Grains.Agents;

/// <summary>One secret as stored: its SHA-256 (hex) and when it stops working.</summary>
[GenerateSerializer, Immutable, Alias("fleet.AgentSecret")]
public sealed record AgentSecret([property: Id(0)] string Sha256, [property: Id(1)] DateTimeOffset ExpiresAt)
{
    /// <summary>Whether <paramref name="sha256"/> is this secret and it still works at <paramref name="now"/>.</summary>
    public bool Matches(string sha256, DateTimeOffset now) =>
        now < ExpiresAt && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sha256), Encoding.ASCII.GetBytes(sha256));
}

/// <summary>
/// Persisted secrets of one agent cluster, replaced, never edited. The previous credential stays valid after a renewal
/// until the agent first uses the new one: an answer lost on the way must not lock the agent out.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.AgentAccessState")]
public sealed record AgentAccessState
{
    [Id(0)] public AgentSecret? Bootstrap { get; init; }
    [Id(1)] public AgentSecret? Current { get; init; }
    [Id(2)] public AgentSecret? Previous { get; init; }

    /// <summary>The state after a new bootstrap token: an unused older one stops working, credentials stay.</summary>
    public AgentAccessState WithBootstrap(AgentSecret bootstrap) => this with { Bootstrap = bootstrap };

    /// <summary>
    /// The state after trading a bootstrap token (used up) or the current credential (kept as the previous one) for
    /// <paramref name="issued"/>; null when the presented secret does not work.
    /// </summary>
    public AgentAccessState? Exchange(bool bootstrap, string sha256, AgentSecret issued, DateTimeOffset now)
    {
        if (bootstrap)
        {
            // A bootstrap replaces any credential: a re-bootstrapped agent (its stored credential lost) shuts out the old one.
            return Bootstrap?.Matches(sha256, now) == true ? new AgentAccessState { Current = issued } : null;
        }
        return Current?.Matches(sha256, now) == true ? this with { Current = issued, Previous = Current } : null;
    }

    /// <summary>
    /// Whether a credential works now, and the state after its use: the first use of the current credential ends the
    /// previous one's overlap.
    /// </summary>
    public (bool Valid, AgentAccessState Next) Verify(string sha256, DateTimeOffset now)
    {
        if (Current?.Matches(sha256, now) == true)
        {
            return (true, Previous is null ? this : this with { Previous = null });
        }
        return (Previous?.Matches(sha256, now) == true, this);
    }
}
