using Fleet.Grains.Charts;

namespace Fleet.Grains.Tests.Charts;

public sealed class ChartIndexReaderTests
{
    private const string Index = """
        apiVersion: v1
        entries:
          podinfo:
          - name: podinfo
            version: 6.5.3
            digest: 8d8b1d4ba8d4f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829
            urls:
            - https://stefanprodan.github.io/podinfo/podinfo-6.5.3.tgz
          - name: podinfo
            version: 6.5.0
            urls:
            - podinfo-6.5.0.tgz
          - name: podinfo
            version: 6.4.0
            urls: []
          redis:
          - name: redis
            version: 18.0.0
            digest: sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
            urls: [charts/redis-18.0.0.tgz]
        generated: "2026-01-01T00:00:00Z"
        """;

    [Fact]
    public void Read_HelmIndex_VersionsUrlsAndDigests()
    {
        var index = ChartIndexReader.Read(Index);

        Assert.Equal(["podinfo", "redis"], index.Charts.Keys.Order());
        var podinfo = index.Charts["podinfo"];
        // An entry without a URL cannot be downloaded: left out, as helm does.
        Assert.Equal(["6.5.3", "6.5.0"], podinfo.Select(e => e.Version));
        Assert.Equal("8d8b1d4ba8d4f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829", podinfo[0].Digest);
        Assert.Null(podinfo[1].Digest);
        Assert.Equal("podinfo-6.5.0.tgz", podinfo[1].Urls[0]);
        Assert.Equal(new string('a', 64), index.Charts["redis"][0].Digest);
    }

    [Fact]
    public void Read_SameContentTwice_SameFingerprint_NewVersionMovesIt()
    {
        var first = ChartIndexReader.Read(Index);
        var again = ChartIndexReader.Read(Index.Replace("generated: \"2026-01-01T00:00:00Z\"", "generated: \"2026-02-02T00:00:00Z\"", StringComparison.Ordinal));
        var published = ChartIndexReader.Read(Index.Replace("version: 6.4.0\n    urls: []", "version: 6.6.0\n    urls: [podinfo-6.6.0.tgz]", StringComparison.Ordinal));

        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.NotEqual(first.Fingerprint, published.Fingerprint);
    }

    [Theory]
    [InlineData("<html><body>Not a repository</body></html>")]
    [InlineData("apiVersion: v1\n")]
    [InlineData("entries: [\n")]
    public void Read_NotAnIndex_IndexInvalid(string text)
    {
        var error = Assert.Throws<ChartSourceException>(() => ChartIndexReader.Read(text));
        Assert.Equal("IndexInvalid", error.Reason);
    }
}
