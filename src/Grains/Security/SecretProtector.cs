using Microsoft.AspNetCore.DataProtection;

namespace Fleet.Grains.Security;

/// <summary>
/// Encrypts secrets (cluster tokens and keys, Git passwords, webhook and sink secrets) before they enter grain
/// state, so that the store only ever holds ciphertext. Every silo shares the Data Protection key ring (a directory
/// locally, Redis in production), so any silo can decrypt what another wrote.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    // The purpose isolates these ciphertexts from any other use of the same key ring.
    private readonly IDataProtector _protector = provider.CreateProtector("Fleet.Secrets.v1");

    /// <summary>Ciphertext of <paramref name="secret"/>; null stays null.</summary>
    public string? Protect(string? secret) => secret is null ? null : _protector.Protect(secret);

    /// <summary>The secret behind <paramref name="ciphertext"/>; null stays null.</summary>
    public string? Unprotect(string? ciphertext) => ciphertext is null ? null : _protector.Unprotect(ciphertext);
}
