namespace Fleet.Agent.Credentials;

/// <summary>The agent's credential as it keeps it, with when to renew it and when it stops working.</summary>
public sealed record StoredCredential(string Credential, DateTimeOffset RenewAfter, DateTimeOffset ExpiresAt)
{
    /// <summary>Whether the credential should be traded for its successor now.</summary>
    public bool RenewalDue(DateTimeOffset now) => now >= RenewAfter;
}
