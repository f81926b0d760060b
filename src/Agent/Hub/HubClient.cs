using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fleet.Agent.Credentials;

namespace Fleet.Agent.Hub;

/// <summary>
/// The agent's calls to the control plane, all outbound: trade a secret for a credential, and call in. Every call
/// names the agent's own cluster; the control plane refuses any other.
/// </summary>
public sealed class HubClient(HttpClient http, string cluster)
{
    /// <summary>
    /// Trades a bootstrap token (once) or the current credential for a new credential. Null when the control plane
    /// refuses the secret (used, expired, revoked, or another cluster's).
    /// </summary>
    public async Task<StoredCredential?> ExchangeAsync(string secret, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/agents/{Uri.EscapeDataString(cluster)}/credentials");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var issued = await response.Content.ReadFromJsonAsync<Issued>(cancellationToken)
            ?? throw new HttpRequestException("The control plane answered the credential exchange with an empty body.");
        return new StoredCredential(issued.Credential, issued.RenewAfter, issued.ExpiresAt);
    }

    /// <summary>Calls in: the cluster is connected. Returns the heartbeat interval, or null when the credential is refused.</summary>
    public async Task<TimeSpan?> HeartbeatAsync(string credential, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/agents/{Uri.EscapeDataString(cluster)}/heartbeat");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<Heartbeat>(cancellationToken);
        return TimeSpan.FromSeconds(Math.Max(1, answer?.HeartbeatSeconds ?? 30));
    }

    private sealed record Issued(string Credential, DateTimeOffset ExpiresAt, DateTimeOffset RenewAfter);

    private sealed record Heartbeat(int HeartbeatSeconds);
}
