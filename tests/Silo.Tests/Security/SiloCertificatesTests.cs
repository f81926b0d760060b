using System.Net.Security;
using Fleet.Production.Tests.Infrastructure;
using Fleet.Silo.Security;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Silo.Tests.Security;

/// <summary>Which peers a silo trusts, and how it picks up a renewed certificate.</summary>
public sealed class SiloCertificatesTests : IDisposable
{
    private readonly TestAuthority _authority = new("fleet-silos");
    private readonly TestAuthority _rogue = new("someone-else");

    public void Dispose()
    {
        _authority.Dispose();
        _rogue.Dispose();
    }

    private SiloCertificates Load(TestAuthority.Issued issued, TimeProvider? time = null) =>
        new(new SiloTlsOptions(issued.CertificatePath, issued.KeyPath, _authority.AuthorityPath), time);

    [Fact]
    public void A_peer_is_trusted_only_with_a_certificate_from_the_authority()
    {
        var certificates = Load(_authority.Issue("silo-a"));

        // Silos reach each other by IP, which their certificates do not name: a name mismatch alone is no refusal.
        Assert.True(certificates.IsTrusted(_authority.Issue("silo-b").Certificate, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(certificates.IsTrusted(_rogue.Issue("silo-b").Certificate, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(certificates.IsTrusted(null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void A_renewed_certificate_is_used_after_the_next_check()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = _authority.Issue("silo");
        var certificates = Load(first, time);
        var before = certificates.Current.Thumbprint;

        var renewed = _authority.Issue("silo-renewed");
        File.Copy(renewed.CertificatePath, first.CertificatePath, overwrite: true);
        File.Copy(renewed.KeyPath, first.KeyPath, overwrite: true);
        File.SetLastWriteTimeUtc(first.CertificatePath, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(before, certificates.Current.Thumbprint);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(renewed.Certificate.Thumbprint, certificates.Current.Thumbprint);
    }

    [Fact]
    public void A_key_that_does_not_match_names_both_files()
    {
        var one = _authority.Issue("one");
        var other = _authority.Issue("other");

        var exception = Assert.Throws<SiloTlsException>(() =>
            new SiloCertificates(new SiloTlsOptions(one.CertificatePath, other.KeyPath, _authority.AuthorityPath)));

        Assert.Contains(one.CertificatePath, exception.Message, StringComparison.Ordinal);
        Assert.Contains(other.KeyPath, exception.Message, StringComparison.Ordinal);
    }
}
