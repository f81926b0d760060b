using Fleet.Grains.Interfaces.Agents;
using Fleet.Grains.Interfaces.Security;
using Fleet.Grains.Runtime;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Agents;

/// <summary>
/// The secrets of one agent cluster (see <see cref="IAgentAccessGrain"/>). One grain per cluster keeps every check on
/// the cluster's own activation: a thousand agents never meet on one registry. Only hashes are stored.
/// </summary>
public sealed class AgentAccessGrain(
    [PersistentState("agent-access", "fleet")] IPersistentState<AgentAccessState> state,
    IOptions<FleetOptions> options,
    TimeProvider time) : Grain, IAgentAccessGrain
{
    private string Cluster => this.GetPrimaryKeyString();

    public async Task<string> IssueBootstrapAsync()
    {
        var token = AgentTokens.NewBootstrap(Cluster);
        state.State = state.State.WithBootstrap(new AgentSecret(ApiTokens.Hash(token), time.GetUtcNow() + options.Value.AgentBootstrapLifetime));
        await state.WriteStateAsync();
        return token;
    }

    public async Task<AgentCredential?> ExchangeAsync(AgentTokenKind kind, string sha256)
    {
        var now = time.GetUtcNow();
        var lifetime = options.Value.AgentCredentialLifetime;
        var credential = AgentTokens.NewCredential(Cluster);
        var issued = new AgentSecret(ApiTokens.Hash(credential), now + lifetime);
        if (state.State.Exchange(kind == AgentTokenKind.Bootstrap, sha256, issued, now) is not { } next)
        {
            return null;
        }
        state.State = next;
        await state.WriteStateAsync();
        return new AgentCredential { Credential = credential, ExpiresAt = issued.ExpiresAt, RenewAfter = now + lifetime / 2 };
    }

    public async Task<bool> VerifyAsync(string sha256)
    {
        var (valid, next) = state.State.Verify(sha256, time.GetUtcNow());
        if (!ReferenceEquals(next, state.State))
        {
            state.State = next;
            await state.WriteStateAsync();
        }
        return valid;
    }

    public async Task RevokeAsync()
    {
        await state.ClearStateAsync();
        state.State = new AgentAccessState();
    }
}
