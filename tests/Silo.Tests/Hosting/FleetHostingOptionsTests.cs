using Fleet.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Fleet.Silo.Tests.Hosting;

/// <summary>How the silo reads its network and TLS settings: safe defaults, and a refusal naming the key.</summary>
public sealed class FleetHostingOptionsTests
{
    private static FleetHostingOptions Read(params (string Key, string Value)[] settings) =>
        FleetHostingOptions.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value))
            .Build());

    [Fact]
    public void A_silo_has_no_gateway_unless_a_port_is_set()
    {
        Assert.Equal(0, Read().GatewayPort);
        Assert.Equal(0, Read(("Fleet:GatewayPort", "0")).GatewayPort);
        Assert.Equal(30000, Read(("Fleet:GatewayPort", "30000")).GatewayPort);
    }

    [Theory]
    [InlineData("Fleet:Kubernetes:Enabled", "true")]
    [InlineData("Fleet:AdvertisedIP", "10.0.0.7")]
    public void A_silo_that_listens_beyond_loopback_needs_tls(string key, string value)
    {
        var exception = Assert.Throws<FleetConfigurationException>(() => Read(
            ("Fleet:Storage", "Redis"), ("Fleet:Redis:ConnectionString", "127.0.0.1:6379"), (key, value)));

        Assert.Contains("Fleet:SiloTls:Certificate", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Fleet:SiloTls:AllowPlaintext", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plaintext_beyond_loopback_is_an_explicit_choice()
    {
        var options = Read(("Fleet:Storage", "Redis"), ("Fleet:Redis:ConnectionString", "127.0.0.1:6379"),
            ("Fleet:AdvertisedIP", "10.0.0.7"), ("Fleet:SiloTls:AllowPlaintext", "true"));

        Assert.Null(options.SiloTls);
    }

    [Fact]
    public void A_loopback_silo_needs_no_tls()
    {
        Assert.Null(Read(("Fleet:AdvertisedIP", "127.0.0.1")).SiloTls);
    }

    [Fact]
    public void Tls_settings_come_as_a_set()
    {
        var exception = Assert.Throws<FleetConfigurationException>(() => Read(("Fleet:SiloTls:Certificate", "/tls/tls.crt")));

        Assert.Contains("Fleet:SiloTls:Key", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Fleet:SiloTls:CA", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_settings_are_read()
    {
        var options = Read(("Fleet:Kubernetes:Enabled", "true"), ("Fleet:Storage", "Redis"), ("Fleet:Redis:ConnectionString", "r:6379"),
            ("Fleet:SiloTls:Certificate", "/tls/tls.crt"), ("Fleet:SiloTls:Key", "/tls/tls.key"), ("Fleet:SiloTls:CA", "/tls/ca.crt"));

        Assert.Equal(new("/tls/tls.crt", "/tls/tls.key", "/tls/ca.crt"), options.SiloTls);
    }

    [Fact]
    public void The_key_ring_is_stored_unencrypted_unless_a_certificate_is_set()
    {
        Assert.Null(Read().KeyRing);
    }

    [Fact]
    public void Key_ring_certificates_are_read_with_earlier_ones()
    {
        var options = Read(("Fleet:DataProtection:Certificate", "/kr/tls.crt"), ("Fleet:DataProtection:Key", "/kr/tls.key"),
            ("Fleet:DataProtection:Previous:0:Certificate", "/old/tls.crt"), ("Fleet:DataProtection:Previous:0:Key", "/old/tls.key"));

        Assert.Equal(new("/kr/tls.crt", "/kr/tls.key"), options.KeyRing!.Current);
        Assert.Equal([new("/old/tls.crt", "/old/tls.key")], options.KeyRing.Previous);
    }

    [Theory]
    [InlineData("Fleet:DataProtection:Certificate", "Fleet:DataProtection:Key")]
    [InlineData("Fleet:DataProtection:Previous:0:Key", "Fleet:DataProtection:Certificate")]
    public void Key_ring_settings_that_cannot_work_name_what_is_missing(string set, string named)
    {
        var exception = Assert.Throws<FleetConfigurationException>(() => Read((set, "/kr/file.pem")));

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }
}
