using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Fleet.Silo.Security;

/// <summary>
/// The certificates that protect the Data Protection key ring (<c>Fleet:DataProtection</c>): new keys are encrypted to
/// <see cref="Current"/> before they are stored, and keys written earlier are read with any of <see cref="All"/>. Without
/// them the key ring sits in Redis in the clear next to the ciphertext it decrypts, so whoever can read Redis (a
/// backup, a replica, a leaked password) can read every stored cluster credential; with them that also takes the
/// private key, which lives only in the silos' mounted Secret.
/// </summary>
public sealed class KeyRingCertificates
{
    private KeyRingCertificates(X509Certificate2 current, IReadOnlyList<X509Certificate2> previous)
    {
        Current = current;
        All = [current, .. previous];
    }

    /// <summary>The certificate new keys are encrypted to.</summary>
    public X509Certificate2 Current { get; }

    /// <summary>The current certificate and the earlier ones still needed to read keys they encrypted.</summary>
    public IReadOnlyList<X509Certificate2> All { get; }

    /// <summary>
    /// New keys are encrypted to the current certificate before they are stored; keys already in the ring are read with
    /// the current or a previous certificate given here, never looked up in a machine certificate store.
    /// </summary>
    public IDataProtectionBuilder ProtectKeys(IDataProtectionBuilder builder) =>
        builder.ProtectKeysWithCertificate(Current).UnprotectKeysWithAnyCertificate([.. All]);

    /// <summary>Loads the PEM files; throws <see cref="FleetKeyRingException"/> naming the file that cannot be used.</summary>
    public static KeyRingCertificates Load(KeyRingOptions options) =>
        new(LoadOne(options.Current, "Fleet:DataProtection"),
            [.. options.Previous.Select((pair, index) => LoadOne(pair, $"Fleet:DataProtection:Previous:{index}"))]);

    private static X509Certificate2 LoadOne(CertificateFiles files, string setting)
    {
        var certificate = files.Load(setting, message => new FleetKeyRingException(message));
        // XML encryption of the key ring wraps each key with RSA: an EC certificate would fail only when the first key
        // is written, long after the start.
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            throw new FleetKeyRingException($"{setting}: the certificate '{files.CertificatePath}' needs an RSA key; the key ring is encrypted with RSA.");
        }
        return certificate;
    }
}

/// <summary>A certificate and its private key, both PEM files.</summary>
/// <param name="CertificatePath">The certificate, PEM.</param>
/// <param name="KeyPath">Its private key, PEM (unencrypted; protect the file instead).</param>
public sealed record CertificateFiles(string CertificatePath, string KeyPath)
{
    /// <summary>
    /// Reads the certificate with its key; a file that cannot be read or parsed is the exception
    /// <paramref name="refusal"/> makes of a message naming <paramref name="setting"/> and both files.
    /// </summary>
    public X509Certificate2 Load(string setting, Func<string, Exception> refusal)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw refusal($"{setting}: the certificate '{CertificatePath}' with the key '{KeyPath}' cannot be used: {exception.Message}");
        }
    }
}

/// <summary>
/// <c>Fleet:DataProtection:Certificate</c> and <c>Key</c> (the certificate new keys are encrypted to) and
/// <c>Fleet:DataProtection:Previous:N:Certificate</c> and <c>Key</c> (earlier ones, kept while keys they encrypted are
/// still in the ring).
/// </summary>
public sealed record KeyRingOptions(CertificateFiles Current, IReadOnlyList<CertificateFiles> Previous);

/// <summary>Key ring certificate files that cannot be used; the message names the setting and the file.</summary>
public sealed class FleetKeyRingException(string message) : Exception(message);
