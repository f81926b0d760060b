using Fleet.Grains.Git;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Rendering;
using Fleet.Grains.Repositories;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Grains.Tests.Rendering;

namespace Fleet.Grains.Tests.Repositories;

/// <summary>Chart renders are keyed by content, values and the capabilities the chart reads: real Git, real helm.</summary>
public sealed class ChartRenderCacheTests : IAsyncLifetime
{
    private static readonly ClusterCapabilities Cluster132 = new() { KubeVersion = "v1.32.4", ApiVersions = ["apps/v1", "autoscaling/v2", "v1"] };

    private GitServer _server = null!;
    private HelmRunner _helm = null!;
    private RenderCache _cache = null!;

    public async Task InitializeAsync()
    {
        _server = await GitServer.StartAsync();
        var mirror = new GitMirror(new GitMirrorOptions { CacheDirectory = Directory.CreateTempSubdirectory("fleet-chart-cache-").FullName });
        _helm = new HelmRunner();
        _cache = new RenderCache(mirror, new ManifestRenderer(new KustomizeRunner(), helm: _helm));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static RenderTarget Cluster(string name, string env, ClusterCapabilities? capabilities = null) =>
        new() { ClusterName = name, Labels = new Dictionary<string, string> { ["env"] = env, ["zone"] = name }, Capabilities = capabilities ?? Cluster132 };

    private static HelmRelease Release(params string[] valueFiles) =>
        new() { Name = "shop", Namespace = "store", ValueFiles = valueFiles, ChartExpected = true };

    private (GitSource Source, string Commit) Repository(string name)
    {
        var repository = _server.CreateRepository(name);
        ChartFixture.Write(repository.WriteFile, "charts/web");
        repository.WriteFile("docs/readme.md", "the shop");
        return (new GitSource(repository.Url, "main", null), repository.Commit("chart"));
    }

    [Fact]
    public async Task Render_ManyClustersWithEqualInputs_HelmRunsOncePerDistinctValues()
    {
        var (source, commit) = Repository("many");

        // 200 clusters, half prod and half dev, each with its own name and zone label, all on one Kubernetes version.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            _cache.RenderAsync(source, commit, "charts/web", Cluster($"c{i}", i % 2 == 0 ? "prod" : "dev"), Release("values-{{cluster.labels.env}}.yaml"))));

        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors)));
        Assert.Equal(2, outcomes.Select(o => o.Key).Distinct().Count());
        Assert.Equal(2, _helm.Runs);
    }

    [Fact]
    public async Task Render_ClustersDifferingInCapabilities_RenderedForEach()
    {
        var (source, commit) = Repository("capabilities");
        var monitored = new ClusterCapabilities { KubeVersion = "v1.32.4", ApiVersions = ["apps/v1", "monitoring.coreos.com/v1", "v1"] };

        var plain = await _cache.RenderAsync(source, commit, "charts/web", Cluster("a", "prod"), Release());
        var withMonitoring = await _cache.RenderAsync(source, commit, "charts/web", Cluster("b", "prod", monitored), Release());

        Assert.NotEqual(plain.Key, withMonitoring.Key);
        Assert.DoesNotContain(plain.Manifests, m => m.Kind == "ServiceMonitor");
        Assert.Contains(withMonitoring.Manifests, m => m.Kind == "ServiceMonitor");
        Assert.Equal(2, _helm.Runs);
    }

    [Fact]
    public async Task Render_ChartThatReadsNoCapabilities_SharedAcrossVersionsAndAskedForNone()
    {
        var repository = _server.CreateRepository("plain-chart");
        repository.WriteFile("chart/Chart.yaml", "apiVersion: v2\nname: plain\nversion: 0.1.0\n");
        repository.WriteFile("chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
        var commit = repository.Commit("chart");
        var source = new GitSource(repository.Url, "main", null);

        var withoutCapabilities = await _cache.RenderAsync(source, commit, "chart", Cluster("a", "prod") with { Capabilities = null }, Release());
        var older = await _cache.RenderAsync(source, commit, "chart", Cluster("b", "prod", new ClusterCapabilities { KubeVersion = "v1.27.1" }), Release());

        Assert.True(withoutCapabilities.Succeeded, string.Join("; ", withoutCapabilities.Errors));
        Assert.Equal(withoutCapabilities.Key, older.Key);
        Assert.Equal(1, _helm.Runs);
    }

    [Fact]
    public async Task Render_ChartReadingCapabilitiesWithoutThem_AsksForThemAndRunsNothing()
    {
        var (source, commit) = Repository("ask");

        var outcome = await _cache.RenderAsync(source, commit, "charts/web", Cluster("a", "prod") with { Capabilities = null }, Release());

        Assert.True(outcome.NeedsCapabilities);
        Assert.False(outcome.Succeeded);
        Assert.Empty(outcome.Manifests);
        Assert.Equal(0, _helm.Runs);
    }

    [Fact]
    public async Task Render_CommitTouchingAValuesFile_ChangesTheKeyOnlyForItsEnvironment()
    {
        var repository = _server.CreateRepository("values-change");
        ChartFixture.Write(repository.WriteFile, "charts/web");
        repository.WriteFile("environments/prod/values.yaml", "greeting: one\n");
        repository.WriteFile("environments/dev/values.yaml", "greeting: dev\n");
        var first = repository.Commit("first");
        repository.WriteFile("environments/prod/values.yaml", "greeting: two\n");
        var second = repository.Commit("prod values");
        var source = new GitSource(repository.Url, "main", null);
        var release = Release("../../environments/{{cluster.labels.env}}/values.yaml");

        var prodBefore = await _cache.RenderAsync(source, first, "charts/web", Cluster("p", "prod"), release);
        var prodAfter = await _cache.RenderAsync(source, second, "charts/web", Cluster("p", "prod"), release);
        var devBefore = await _cache.RenderAsync(source, first, "charts/web", Cluster("d", "dev"), release);
        var devAfter = await _cache.RenderAsync(source, second, "charts/web", Cluster("d", "dev"), release);

        Assert.NotEqual(prodBefore.Key, prodAfter.Key);
        Assert.Equal(devBefore.Key, devAfter.Key);
        Assert.Contains("\"greeting\":\"two\"", prodAfter.Manifests.Single(m => m.Name == "shop-web-settings").Json, StringComparison.Ordinal);
        Assert.Equal(3, _helm.Runs);
    }
}
