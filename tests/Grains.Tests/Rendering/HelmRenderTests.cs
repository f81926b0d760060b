using System.Text.Json.Nodes;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Tests.Rendering;

/// <summary>Charts rendered by the real <c>helm template</c> (test.sh installs helm 3.17).</summary>
public sealed class HelmRenderTests
{
    private static readonly KubeCapabilities Cluster132 = new("v1.32.4", ["apps/v1", "autoscaling/v2", "v1"]);

    private static ChartRelease Release(KubeCapabilities? capabilities = null, string? values = null, params string[] valueFiles) =>
        new("shop", "store", valueFiles, values, capabilities ?? Cluster132) { ChartExpected = true };

    private static Task<RenderResult> RenderAsync(TempRepository repository, string path, ChartRelease release, ClusterVariables? variables = null, HelmRunner? helm = null) =>
        new ManifestRenderer(new KustomizeRunner(), helm: helm).RenderAsync(repository.Root, path, variables ?? TempRepository.Prod, release, CancellationToken.None);

    private static TempRepository Chart()
    {
        var repository = new TempRepository();
        ChartFixture.Write((path, content) => repository.Write(path, content), "charts/web");
        return repository;
    }

    private static JsonObject Object(RenderResult result, string kind, string name) =>
        JsonNode.Parse(result.Manifests.Single(m => m.Kind == kind && m.Name == name).Json)!.AsObject();

    [Fact]
    public async Task Render_ValueFileChosenByClusterLabel_UsesThatEnvironmentsValues()
    {
        using var repository = Chart();

        var prod = await RenderAsync(repository, "charts/web", Release(valueFiles: "values-{{cluster.labels.env}}.yaml"));
        var dev = await RenderAsync(repository, "charts/web", Release(valueFiles: "values-{{cluster.labels.env}}.yaml"),
            new ClusterVariables("dev-1", new Dictionary<string, string> { ["env"] = "dev" }));

        Assert.True(prod.Succeeded, string.Join("; ", prod.Errors));
        Assert.True(dev.Succeeded, string.Join("; ", dev.Errors));
        Assert.Equal("hello from prod", Object(prod, "ConfigMap", "shop-web-settings")["data"]!["greeting"]!.GetValue<string>());
        Assert.Equal(3, Object(prod, "Deployment", "shop-web")["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("hello from dev", Object(dev, "ConfigMap", "shop-web-settings")["data"]!["greeting"]!.GetValue<string>());
        Assert.Equal(1, Object(dev, "Deployment", "shop-web")["spec"]!["replicas"]!.GetValue<int>());
        Assert.True(prod.UsesClusterVariables);
    }

    [Fact]
    public async Task Render_InlineValues_OverrideValueFilesAndTakeClusterVariables()
    {
        using var repository = Chart();

        var result = await RenderAsync(repository, "charts/web",
            Release(values: """{"greeting":"hi {{cluster.name}}","cache":{"size":"tiny"}}""", valueFiles: "values-prod.yaml"));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("hi prod-eu", Object(result, "ConfigMap", "shop-web-settings")["data"]!["greeting"]!.GetValue<string>());
        Assert.Equal("tiny", Object(result, "ConfigMap", "shop-cache")["data"]!["size"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_ReleaseNamespaceAndVendoredSubchart_Rendered()
    {
        using var repository = Chart();

        var result = await RenderAsync(repository, "charts/web", Release(valueFiles: "values-prod.yaml"));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("store", Object(result, "ConfigMap", "shop-web-settings")["data"]!["namespace"]!.GetValue<string>());
        // The parent's values reach the vendored subchart under its name.
        Assert.Equal("large", Object(result, "ConfigMap", "shop-cache")["data"]!["size"]!.GetValue<string>());
        Assert.Equal("charts/web/charts/cache/templates/configmap.yaml", result.Manifests.Single(m => m.Name == "shop-cache").SourceFile);
        Assert.Equal("charts/web/templates/deployment.yaml", result.Manifests.Single(m => m.Kind == "Deployment").SourceFile);
        Assert.DoesNotContain(result.Manifests, m => m.Name == "shop-web-test");
    }

    [Fact]
    public async Task Render_CrdsDirectory_ComesFirstAndItsCustomResourceIsRendered()
    {
        using var repository = Chart();

        var result = await RenderAsync(repository, "charts/web", Release());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("CustomResourceDefinition", result.Manifests[0].Kind);
        Assert.Equal("charts/web/crds/backups.yaml", result.Manifests[0].SourceFile);
        Assert.Contains(result.Manifests, m => m.Kind == "Backup" && m.Name == "shop-web-nightly");
    }

    [Fact]
    public async Task Render_Capabilities_SeeTheClustersVersionAndApiVersions()
    {
        using var repository = Chart();

        var old = await RenderAsync(repository, "charts/web", Release(new KubeCapabilities("v1.28.9", ["apps/v1", "v1"])));
        var monitored = await RenderAsync(repository, "charts/web", Release(new KubeCapabilities("v1.32.4", ["apps/v1", "monitoring.coreos.com/v1", "v1"])));

        Assert.True(old.Succeeded, string.Join("; ", old.Errors));
        Assert.True(monitored.Succeeded, string.Join("; ", monitored.Errors));
        Assert.Equal("v1.28.9", Object(old, "ConfigMap", "shop-web-settings")["data"]!["kubeVersion"]!.GetValue<string>());
        Assert.Equal("legacy", Object(old, "ConfigMap", "shop-web-settings")["data"]!["sidecars"]!.GetValue<string>());
        Assert.Equal("native", Object(monitored, "ConfigMap", "shop-web-settings")["data"]!["sidecars"]!.GetValue<string>());
        Assert.DoesNotContain(old.Manifests, m => m.Kind == "ServiceMonitor");
        Assert.Contains(monitored.Manifests, m => m.Kind == "ServiceMonitor" && m.Name == "shop-web");
        // helm's own built-in API versions always include autoscaling/v2 (helm template works that way).
        Assert.Contains(old.Manifests, m => m.Kind == "HorizontalPodAutoscaler");
    }

    [Fact]
    public async Task Render_TemplateError_RenderFailedOnTheTemplateAndLine()
    {
        using var repository = Chart();
        repository.Write("charts/web/templates/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.missing.deeper }}\n");

        var result = await RenderAsync(repository, "charts/web", Release());

        Assert.False(result.Succeeded);
        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("charts/web/templates/broken.yaml", error.File);
        Assert.Equal(6, error.Line);
        Assert.Contains("nil pointer evaluating interface {}.deeper", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--debug", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(repository.Root, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_FailCalledByTheChart_RenderFailedWithTheChartsMessage()
    {
        using var repository = Chart();
        repository.Write("charts/web/templates/required.yaml", "{{ required \"set .Values.domain to the site's domain\" .Values.domain }}\n");

        var result = await RenderAsync(repository, "charts/web", Release());

        var error = Assert.Single(result.Errors);
        Assert.Equal("charts/web/templates/required.yaml", error.File);
        Assert.Contains("set .Values.domain to the site's domain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_MissingValuesFile_RenderFailedNamingTheFile()
    {
        using var repository = Chart();

        var result = await RenderAsync(repository, "charts/web", Release(valueFiles: "values-{{cluster.labels.region}}.yaml"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("charts/web/values-eu.yaml", error.File);
        Assert.Contains("does not exist at this revision", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Manifests);
    }

    [Theory]
    [InlineData("../../../outside.yaml", "leaves the repository")]
    [InlineData("/etc/passwd", "is absolute")]
    public async Task Render_ValuesFileOutsideTheRepository_Refused(string valueFile, string expected)
    {
        using var repository = Chart();

        var result = await RenderAsync(repository, "charts/web", Release(valueFiles: valueFile));

        var error = Assert.Single(result.Errors);
        Assert.Equal("charts/web/Chart.yaml", error.File);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ValuesFileInAnotherDirectoryOfTheRepository_Used()
    {
        using var repository = Chart();
        repository.Write("environments/prod/web.yaml", "greeting: from the environments folder\n");

        var result = await RenderAsync(repository, "charts/web", Release(valueFiles: "../../environments/{{cluster.labels.env}}/web.yaml"));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("from the environments folder", Object(result, "ConfigMap", "shop-web-settings")["data"]!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_DependencyNotVendored_RenderFailedSayingWhatToCommit()
    {
        using var repository = Chart();
        repository.Write("charts/web/Chart.yaml", """
            apiVersion: v2
            name: web
            version: 1.4.0
            dependencies:
              - name: cache
                version: 0.3.0
              - name: postgresql
                version: 15.5.0
                repository: https://charts.bitnami.com/bitnami
            """);

        var result = await RenderAsync(repository, "charts/web", Release());

        var error = Assert.Single(result.Errors);
        Assert.Equal("charts/web/Chart.yaml", error.File);
        Assert.Contains("postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains("not vendored", error.Message, StringComparison.Ordinal);
        Assert.Contains("helm dependency build", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NoHelmBinary_RenderFailedSayingToInstallIt()
    {
        using var repository = Chart();
        var helm = new HelmRunner(new HelmRunnerOptions { SearchPath = "/nonexistent" });

        var result = await RenderAsync(repository, "charts/web", Release(), helm: helm);

        var error = Assert.Single(result.Errors);
        Assert.Equal("charts/web/Chart.yaml", error.File);
        Assert.Contains("needs helm (3.x) on PATH", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, helm.Runs);
    }

    [Fact]
    public async Task Render_HelmSettingsOnAPathWithoutChart_RenderFailed()
    {
        using var repository = new TempRepository();
        repository.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");

        var result = await RenderAsync(repository, "app", Release());

        var error = Assert.Single(result.Errors);
        Assert.Equal("app", error.File);
        Assert.Contains("holds no Chart.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_InvalidInlineValuesVariable_RenderFailedNamingTheVariable()
    {
        using var repository = Chart();

        var result = await RenderAsync(repository, "charts/web", Release(values: """{"zone":"{{cluster.labels.zone}}"}"""));

        var error = Assert.Single(result.Errors);
        Assert.Contains("helm.values", error.Message, StringComparison.Ordinal);
        Assert.Contains("zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_IncludeCrdsSkipTestsCapabilitiesAndValuesInOrder()
    {
        var call = new HelmTemplateCall("shop", "/repo/charts/web", "store", ["/repo/charts/web/values-prod.yaml"], "{\"a\":1}",
            new KubeCapabilities("v1.31.0", ["apps/v1", "v1"]));

        var home = Directory.CreateTempSubdirectory("fleet-helm-arguments-").FullName;
        try
        {
            var arguments = HelmRunner.Arguments(call, home);

            Assert.Equal(["template", "shop", "/repo/charts/web", "--namespace", "store", "--include-crds", "--skip-tests",
                "--kube-version", "v1.31.0", "--api-versions", "apps/v1", "--api-versions", "v1",
                "--values", "/repo/charts/web/values-prod.yaml", "--values", Path.Combine(home, "inline-values.json")], arguments);
            Assert.Equal("{\"a\":1}", File.ReadAllText(Path.Combine(home, "inline-values.json")));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void Variables_OnlyPathAndPrivateDirectories()
    {
        var variables = HelmRunner.Variables("/usr/bin", "/tmp/private");

        Assert.Equal("/usr/bin", variables["PATH"]);
        Assert.All(variables.Where(v => v.Key != "PATH"), v => Assert.StartsWith("/tmp/private", v.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("KUBECONFIG", variables.Keys);
    }
}
