using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Silo.Security;

/// <summary>
/// The certificate a silo presents to other silos and the authority their certificates must chain to, read from PEM
/// files. The files are read again when they change on disk, because cert-manager and similar tools renew the mounted
/// Secret in place: a renewed certificate is used for new connections without a restart.
/// </summary>
public sealed class SiloCertificates
{
    // How often the files' timestamps are looked at; connections between silos are long-lived, so this is rare work.
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    private readonly SiloTlsOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Loaded _loaded;
    private DateTimeOffset _checkedAt;

    /// <summary>Loads the files; throws <see cref="SiloTlsException"/> naming the file that cannot be used.</summary>
    public SiloCertificates(SiloTlsOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _loaded = Load(options);
        _checkedAt = _time.GetUtcNow();
    }

    /// <summary>The certificate (with its private key) this silo presents, as server and as client.</summary>
    public X509Certificate2 Current
    {
        get
        {
            lock (_gate)
            {
                RefreshIfChanged();
                return _loaded.Certificate;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="remote"/> was issued by the configured authority. Only the chain counts: silos reach
    /// each other by pod IP, which a certificate's names rarely list, so a name mismatch alone is not a refusal.
    /// </summary>
    public bool IsTrusted(X509Certificate2? remote, SslPolicyErrors errors)
    {
        if (remote is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        X509Certificate2Collection authorities;
        lock (_gate)
        {
            RefreshIfChanged();
            authorities = _loaded.Authorities;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // Revocation lists are not reachable from most clusters; short-lived certificates stand in for them.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(remote);
    }

    private void RefreshIfChanged()
    {
        var now = _time.GetUtcNow();
        if (now - _checkedAt < CheckInterval)
        {
            return;
        }
        _checkedAt = now;
        var stamp = Stamp(_options);
        if (stamp == _loaded.Stamp)
        {
            return;
        }
        try
        {
            _loaded = Load(_options);
        }
        catch (SiloTlsException)
        {
            // A renewal caught half-written: keep the certificate that works and look again at the next check.
        }
    }

    private static Loaded Load(SiloTlsOptions options)
    {
        var stamp = Stamp(options);
        var certificate = new CertificateFiles(options.CertificatePath, options.KeyPath)
            .Load("Fleet:SiloTls", message => new SiloTlsException(message));
        if (!certificate.HasPrivateKey)
        {
            throw new SiloTlsException($"Fleet:SiloTls: the key '{options.KeyPath}' does not belong to the certificate '{options.CertificatePath}'.");
        }
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(options.AuthorityPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new SiloTlsException($"Fleet:SiloTls:CA '{options.AuthorityPath}' cannot be read: {exception.Message}");
        }
        if (authorities.Count == 0)
        {
            throw new SiloTlsException($"Fleet:SiloTls:CA '{options.AuthorityPath}' holds no certificate.");
        }
        return new Loaded(certificate, authorities, stamp);
    }

    private static string Stamp(SiloTlsOptions options) => string.Join('|',
        new[] { options.CertificatePath, options.KeyPath, options.AuthorityPath }
            .Select(path => File.Exists(path) ? File.GetLastWriteTimeUtc(path).Ticks + ":" + new FileInfo(path).Length : "missing"));

    private sealed record Loaded(X509Certificate2 Certificate, X509Certificate2Collection Authorities, string Stamp);
}

/// <summary>Silo TLS files that cannot be used; the message names the setting and the file.</summary>
public sealed class SiloTlsException(string message) : Exception(message);
