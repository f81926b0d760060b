using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Applying;

public sealed class ClusterEndpointTests
{
    [Fact]
    public void ToString_WithSecrets_RedactsThem()
    {
        var endpoint = new ClusterEndpoint("https://k8s.example:6443", "Q0E=", false, "s3cr3t-token", "Y2VydA==", "a2V5LXNlY3JldA==");

        var text = endpoint.ToString();

        Assert.Contains("https://k8s.example:6443", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a2V5LXNlY3JldA==", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url", null, "Server")]
    [InlineData("ftp://host", null, "Server")]
    [InlineData("https://host", "%%%", "CertificateAuthorityData")]
    [InlineData("https://host", "aGVsbG8=", "CertificateAuthorityData")]
    public void Create_BadEndpoint_ThrowsNamingTheField(string server, string? authority, string field)
    {
        var factory = new ClusterConnectionFactory(new ClusterConnectionOptions());

        var error = Assert.Throws<ArgumentException>(() =>
            factory.Create("prod", new ClusterEndpoint(server, authority, false, null, null, null)));

        Assert.Equal(field, error.ParamName);
        Assert.Contains("cluster \"prod\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CertificateWithoutKey_ThrowsNamingTheField()
    {
        var factory = new ClusterConnectionFactory(new ClusterConnectionOptions());

        var error = Assert.Throws<ArgumentException>(() =>
            factory.Create("prod", new ClusterEndpoint("https://host", null, true, null, "Y2VydA==", null)));

        Assert.Contains("ClientKeyData", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_InvalidOptions_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ClusterConnectionFactory(new ClusterConnectionOptions { QueriesPerSecond = 0 }));

        Assert.Contains("QueriesPerSecond", error.Message, StringComparison.Ordinal);
    }
}
