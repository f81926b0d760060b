using Fleet.Grains.Charts;
using Fleet.Grains.Git;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Rendering;
using Fleet.Grains.Repositories;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Charts;

/// <summary>
/// A Helm HTTP repository served on loopback with charts made by the real helm: index reads, downloads with digest
/// checks, and the render cache sharing one <c>helm template</c> among clusters with equal inputs.
/// </summary>
public sealed class ChartSourceTests : IAsyncLifetime
{
    private static readonly ClusterCapabilities Capabilities = new() { KubeVersion = "v1.32.4", ApiVersions = ["apps/v1", "apps/v1/Deployment", "v1"] };

    private readonly ChartRepositoryServer _server = ChartRepositoryServer.Start("fleet", "s3cret");
    private readonly string _cache = Directory.CreateTempSubdirectory("fleet-chart-store-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ChartSourceClient _client = null!;
    private ChartStore _store = null!;
    private HelmSource _source = null!;

    public async Task InitializeAsync()
    {
        _client = new ChartSourceClient(_http, new RenderLimits());
        _store = new ChartStore(_client, new GitMirrorOptions { CacheDirectory = _cache });
        _source = new HelmSource(_server.Url, "fleet", "s3cret");
        await HelmTool.PackageAsync("podinfo", "6.5.0", _server.Directory);
        await HelmTool.PackageAsync("podinfo", "6.5.1", _server.Directory);
        await HelmTool.IndexAsync(_server.Directory);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    [Fact]
    public async Task ReadIndex_UnchangedSinceETag_NotModified()
    {
        var first = await _client.ReadIndexAsync(_source, null, CancellationToken.None);
        var second = await _client.ReadIndexAsync(_source, first.ETag, CancellationToken.None);

        Assert.Equal(["6.5.0", "6.5.1"], first.Index!.Charts["podinfo"].Select(e => e.Version).Order());
        Assert.All(first.Index.Charts["podinfo"], e => Assert.NotNull(e.Digest));
        Assert.NotNull(first.ETag);
        Assert.Null(second.Index);
        Assert.Equal(1, _server.IndexReads);
    }

    [Fact]
    public async Task ReadIndex_WrongPassword_Unauthorized_PasswordNotInMessage()
    {
        var error = await Assert.ThrowsAsync<ChartSourceException>(() =>
            _client.ReadIndexAsync(_source with { Password = "wrong-secret" }, null, CancellationToken.None));

        Assert.Equal("Unauthorized", error.Reason);
        Assert.DoesNotContain("wrong-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IndexWithAbsoluteUrlsOnAnotherHost_DownloadedAndUnpacked()
    {
        // The index lives here; the archives are served by another server, named by absolute URLs.
        await using var archives = ChartRepositoryServer.Start();
        await HelmTool.PackageAsync("podinfo", "6.5.0", archives.Directory);
        await HelmTool.IndexAsync(archives.Directory, archives.Url);
        File.Copy(Path.Combine(archives.Directory, "index.yaml"), Path.Combine(_server.Directory, "index.yaml"), overwrite: true);

        var entry = (await _client.ReadIndexAsync(_source, null, CancellationToken.None)).Index!.Charts["podinfo"].Single();
        var package = await _store.GetAsync(_source, entry, CancellationToken.None);

        Assert.Equal($"{archives.Url}/podinfo-6.5.0.tgz", entry.Urls[0]);
        Assert.Equal("podinfo", package.Chart);
        Assert.Equal(entry.Digest, package.Digest);
        Assert.True(File.Exists(Path.Combine(package.Root, "podinfo", "Chart.yaml")));
    }

    [Fact]
    public async Task Get_ArchiveReplacedAfterIndexing_DigestMismatch()
    {
        var index = (await _client.ReadIndexAsync(_source, null, CancellationToken.None)).Index!;
        var entry = index.Charts["podinfo"].Single(e => e.Version == "6.5.0");
        // Someone overwrote the archive without reindexing.
        var other = Directory.CreateTempSubdirectory("fleet-other-").FullName;
        var tampered = await HelmTool.PackageAsync("podinfo", "6.5.0", other, greeting: "tampered");
        File.Copy(tampered, Path.Combine(_server.Directory, "podinfo-6.5.0.tgz"), overwrite: true);
        Directory.Delete(other, recursive: true);

        var error = await Assert.ThrowsAsync<ChartSourceException>(() => _store.GetAsync(_source, entry, CancellationToken.None));

        Assert.Equal("DigestMismatch", error.Reason);
        Assert.Contains("chart podinfo 6.5.0", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Path.Combine(_cache, "charts")) ? Directory.GetDirectories(Path.Combine(_cache, "charts")) : []);
    }

    [Fact]
    public async Task RenderChart_ManyClustersEqualInputs_HelmRunsOncePerDistinctValues()
    {
        var index = (await _client.ReadIndexAsync(_source, null, CancellationToken.None)).Index!;
        var entry = index.Charts["podinfo"].Single(e => e.Version == "6.5.1");
        var helm = new HelmRunner();
        var cache = new RenderCache(new GitMirror(new GitMirrorOptions { CacheDirectory = _cache }), new ManifestRenderer(new KustomizeRunner(), helm: helm));
        var release = new HelmRelease { Name = "web", Namespace = "shop", ValueFiles = ["values-{{cluster.labels.size}}.yaml"], ChartExpected = true };

        // 60 clusters, a third of them "big": two distinct value sets.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var package = await _store.GetAsync(_source, entry, CancellationToken.None);
            var target = new RenderTarget
            {
                ClusterName = $"c{i}",
                Labels = new Dictionary<string, string> { ["size"] = i % 3 == 0 ? "big" : "small" },
                Capabilities = Capabilities,
            };
            return await cache.RenderChartAsync(_source.Url, package, entry.Version, target, i % 3 == 0 ? release : release with { ValueFiles = [] });
        }));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, string.Join("; ", o.Errors)));
        Assert.Equal(2, helm.Runs);
        Assert.All(outcomes, o => Assert.Equal("6.5.1", o.Commit));
        var data = System.Text.Json.Nodes.JsonNode.Parse(outcomes[0].Manifests.Single(m => m.Kind == "ConfigMap").Json)!["data"]!;
        Assert.Equal("6.5.1", data["chartVersion"]!.GetValue<string>());
        // The kind-qualified API version the cluster serves is what .Capabilities.APIVersions.Has saw.
        Assert.Equal("true", data["hasDeployments"]!.GetValue<string>());
        Assert.Single(Directory.GetDirectories(Path.Combine(_cache, "charts")));
    }
}
