using Fleet.Grains.Git;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Rendering;
using Fleet.Grains.Repositories;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Git;

/// <summary>
/// A Git author commits symbolic links that point back up the tree or fan out: exporting and rendering the commit must
/// finish in bounded time and read each file once.
/// </summary>
public sealed class SymbolicLinkCycleTests : IAsyncLifetime
{
    // Far beyond what the walk needs; only a walk that follows the links without end takes longer.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private GitServer _server = null!;
    private RenderCache _cache = null!;
    private string _cacheDirectory = null!;

    public async Task InitializeAsync()
    {
        _server = await GitServer.StartAsync();
        _cacheDirectory = Directory.CreateTempSubdirectory("fleet-link-cycles-").FullName;
        _cache = new RenderCache(new GitMirror(new GitMirrorOptions { CacheDirectory = _cacheDirectory }), new ManifestRenderer(new KustomizeRunner()));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        TestDirectories.DeleteQuietly(_cacheDirectory);
    }

    [Fact]
    public async Task Render_LinksToSelfAndParent_FinishesWithEachFileOnce()
    {
        var repository = _server.CreateRepository("self-links");
        repository.WriteFile("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: once\n");
        repository.WriteSymbolicLink("app/here", ".");
        repository.WriteSymbolicLink("app/again", "./");
        repository.WriteSymbolicLink("app/up", "..");
        repository.WriteSymbolicLink("app/sub/top", "../..");
        var commit = repository.Commit("links back up the tree");

        var outcome = await _cache.RenderAsync(new GitSource(repository.Url, "main", null), commit, "app", Cluster()).WaitAsync(Bound);

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Errors));
        Assert.Equal("once", Assert.Single(outcome.Manifests).Name);
    }

    [Fact]
    public async Task Render_LinksFanningOutDownTheTree_FinishesWithEachFileOnce()
    {
        // Two links per level to the next level: 2^30 paths for a walk without a visited set, 31 directories with one.
        const int Depth = 30;
        var repository = _server.CreateRepository("fan-out");
        var level = "app";
        for (var i = 0; i < Depth; i++)
        {
            repository.WriteSymbolicLink($"{level}/left", "next");
            repository.WriteSymbolicLink($"{level}/right", "next");
            level += "/next";
        }

        repository.WriteFile($"{level}/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n");
        var commit = repository.Commit("links fanning out");

        var outcome = await _cache.RenderAsync(new GitSource(repository.Url, "main", null), commit, "app", Cluster()).WaitAsync(Bound);

        Assert.True(outcome.Succeeded, string.Join("\n", outcome.Errors));
        Assert.Equal("deep", Assert.Single(outcome.Manifests).Name);
    }

    private static RenderTarget Cluster() => new() { ClusterName = "dev", Labels = new Dictionary<string, string>() };
}
