using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Production.Tests.Infrastructure;
using Fleet.Silo.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Silo.Tests.Security;

/// <summary>
/// The Data Protection key ring encrypted to a certificate: what lands in the key store is unreadable without the
/// certificate's key, and a rotated certificate still reads keys its predecessor encrypted.
/// </summary>
public sealed class KeyRingCertificatesTests : IDisposable
{
    private readonly TestAuthority _authority = new("fleet-key-ring");
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("fleet-key-ring-");

    public void Dispose()
    {
        _authority.Dispose();
        _keys.Delete(recursive: true);
    }

    private static KeyRingCertificates Load(TestAuthority.Issued current, params TestAuthority.Issued[] previous) =>
        KeyRingCertificates.Load(new KeyRingOptions(Files(current), [.. previous.Select(Files)]));

    private static CertificateFiles Files(TestAuthority.Issued issued) => new(issued.CertificatePath, issued.KeyPath);

    private IDataProtector Protector(KeyRingCertificates? certificates)
    {
        var services = new ServiceCollection();
        var builder = services.AddDataProtection().SetApplicationName("fleet-test").PersistKeysToFileSystem(_keys);
        certificates?.ProtectKeys(builder);
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("secrets");
    }

    [Fact]
    public void Stored_keys_are_encrypted_to_the_certificate()
    {
        var ciphertext = Protector(Load(_authority.Issue("key-ring"))).Protect("cluster-token");

        var stored = string.Concat(_keys.GetFiles("*.xml").Select(file => File.ReadAllText(file.FullName)));
        Assert.Contains("EncryptedData", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("unencrypted form", stored, StringComparison.Ordinal);
        Assert.NotEqual("cluster-token", ciphertext);
    }

    [Fact]
    public void Without_the_certificate_the_stored_keys_cannot_be_read()
    {
        var ciphertext = Protector(Load(_authority.Issue("key-ring"))).Protect("cluster-token");

        Assert.ThrowsAny<CryptographicException>(() => Protector(Load(_authority.Issue("another"))).Unprotect(ciphertext));
    }

    [Fact]
    public void A_rotated_certificate_reads_keys_its_predecessor_encrypted()
    {
        var first = _authority.Issue("key-ring-2026");
        var ciphertext = Protector(Load(first)).Protect("cluster-token");

        Assert.Equal("cluster-token", Protector(Load(_authority.Issue("key-ring-2027"), first)).Unprotect(ciphertext));
    }

    [Fact]
    public void A_certificate_without_an_rsa_key_is_refused_at_start()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=ec", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(_keys.FullName, "ec.crt");
        var keyPath = Path.Combine(_keys.FullName, "ec.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());

        var exception = Assert.Throws<FleetKeyRingException>(() =>
            KeyRingCertificates.Load(new KeyRingOptions(new(certificatePath, keyPath), [])));

        Assert.Contains("RSA", exception.Message, StringComparison.Ordinal);
        Assert.Contains(certificatePath, exception.Message, StringComparison.Ordinal);
    }
}
