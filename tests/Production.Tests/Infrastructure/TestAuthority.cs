using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;

namespace Fleet.Production.Tests.Infrastructure;

/// <summary>
/// A certificate authority made for one test, issuing silo certificates as PEM files in a temporary folder: the
/// layout of a cert-manager Secret (tls.crt, tls.key, ca.crt) that a silo reads through Fleet:SiloTls.
/// </summary>
public sealed class TestAuthority : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fleet-ca-");

    public TestAuthority(string name)
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        AuthorityPath = Path.Combine(_folder.FullName, "ca.crt");
        File.WriteAllText(AuthorityPath, Certificate.ExportCertificatePem());
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The authority's certificate, PEM (Fleet:SiloTls:CA).</summary>
    public string AuthorityPath { get; }

    /// <summary>Issues a certificate usable as TLS server and client, with its key, as a certificate and PEM files.</summary>
    public Issued Issue(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), serial);
        var withKey = issued.CopyWithPrivateKey(key);
        var certificatePath = Path.Combine(_folder.FullName, name + ".crt");
        var keyPath = Path.Combine(_folder.FullName, name + ".key");
        File.WriteAllText(certificatePath, withKey.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        // Re-read from PEM so the key is usable by SslStream on every platform.
        return new Issued(X509Certificate2.CreateFromPemFile(certificatePath, keyPath), certificatePath, keyPath);
    }

    /// <summary>The silo settings that make a silo present <paramref name="issued"/> and trust this authority.</summary>
    public Dictionary<string, string> SiloSettings(Issued issued) => new()
    {
        ["Fleet__SiloTls__Certificate"] = issued.CertificatePath,
        ["Fleet__SiloTls__Key"] = issued.KeyPath,
        ["Fleet__SiloTls__CA"] = AuthorityPath,
    };

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
        _folder.Delete(recursive: true);
    }

    public sealed record Issued(X509Certificate2 Certificate, string CertificatePath, string KeyPath);
}
