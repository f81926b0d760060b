using Fleet.Grains.Git;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Rendering;
using Fleet.Grains.Repositories;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Repositories;

/// <summary>Renders are keyed by the content of their inputs: real Git, real renderer.</summary>
public sealed class RenderCacheTests : IAsyncLifetime
{
    private GitServer _server = null!;
    private RenderCache _cache = null!;

    public async Task InitializeAsync()
    {
        _server = await GitServer.StartAsync();
        var mirror = new GitMirror(new GitMirrorOptions { CacheDirectory = Directory.CreateTempSubdirectory("fleet-render-cache-").FullName });
        _cache = new RenderCache(mirror, new ManifestRenderer(new KustomizeRunner()));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static RenderTarget Cluster(string name, string env) =>
        new() { ClusterName = name, Labels = new Dictionary<string, string> { ["env"] = env } };

    private const string PlainConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: \"1\"\n";

    [Fact]
    public async Task Render_ClustersWithEqualInputs_ShareOneRender()
    {
        var repository = _server.CreateRepository("shared");
        repository.WriteFile("app/cm.yaml", PlainConfigMap);
        var commit = repository.Commit("first");
        var source = new GitSource(repository.Url, "main", null);

        var dev = await _cache.RenderAsync(source, commit, "app", Cluster("dev", "dev"));
        var prod = await _cache.RenderAsync(source, commit, "app", Cluster("prod", "prod"));

        Assert.True(dev.Succeeded, string.Join(" ", dev.Errors));
        Assert.Equal(dev.Key, prod.Key);
        Assert.Single(dev.Manifests);
    }

    [Fact]
    public async Task Render_FilesUsingClusterVariables_AreKeyedPerCluster()
    {
        var repository = _server.CreateRepository("variables");
        repository.WriteFile("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: per-cluster\ndata:\n  env: \"{{cluster.labels.env}}\"\n");
        var commit = repository.Commit("first");
        var source = new GitSource(repository.Url, "main", null);

        var dev = await _cache.RenderAsync(source, commit, "app", Cluster("dev", "dev"));
        var prod = await _cache.RenderAsync(source, commit, "app", Cluster("prod", "prod"));

        Assert.NotEqual(dev.Key, prod.Key);
        Assert.Contains("\"env\":\"dev\"", dev.Manifests[0].Json);
        Assert.Contains("\"env\":\"prod\"", prod.Manifests[0].Json);
    }

    [Fact]
    public async Task Render_CommitTouchingOtherPaths_KeepsTheKey_ChangingThePathChangesIt()
    {
        var repository = _server.CreateRepository("paths");
        repository.WriteFile("app/cm.yaml", PlainConfigMap);
        repository.WriteFile("docs/readme.md", "one");
        var first = repository.Commit("first");
        repository.WriteFile("docs/readme.md", "two");
        var second = repository.Commit("docs only");
        repository.WriteFile("app/cm.yaml", PlainConfigMap.Replace("\"1\"", "\"2\""));
        var third = repository.Commit("app");
        var source = new GitSource(repository.Url, "main", null);

        var one = await _cache.RenderAsync(source, first, "app", Cluster("dev", "dev"));
        var two = await _cache.RenderAsync(source, second, "app", Cluster("dev", "dev"));
        var three = await _cache.RenderAsync(source, third, "app", Cluster("dev", "dev"));

        Assert.Equal(one.Key, two.Key);
        Assert.Equal(second, two.Commit);
        Assert.NotEqual(two.Key, three.Key);
    }

    [Fact]
    public async Task Render_PathMissingAtRevision_IsAnErrorNamingThePath()
    {
        var repository = _server.CreateRepository("missing");
        repository.WriteFile("app/cm.yaml", PlainConfigMap);
        var commit = repository.Commit("first");

        var outcome = await _cache.RenderAsync(new GitSource(repository.Url, "main", null), commit, "elsewhere", Cluster("dev", "dev"));

        Assert.False(outcome.Succeeded);
        Assert.Contains("\"elsewhere\" does not exist", Assert.Single(outcome.Errors));
    }

    [Fact]
    public async Task Render_PathWithUnknownLabel_IsAnErrorNamingTheVariable()
    {
        var repository = _server.CreateRepository("label");
        repository.WriteFile("overlays/dev/cm.yaml", PlainConfigMap);
        var commit = repository.Commit("first");

        var outcome = await _cache.RenderAsync(new GitSource(repository.Url, "main", null), commit, "overlays/{{cluster.labels.region}}", Cluster("dev", "dev"));

        Assert.False(outcome.Succeeded);
        Assert.Contains("region", Assert.Single(outcome.Errors));
    }
}
