using System.Text.Json.Nodes;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Tests.Rendering;

/// <summary>Renders through the real <c>kubectl kustomize</c> on PATH.</summary>
public class KustomizeRenderTests
{
    private static readonly ClusterVariables Dev = new("dev-1", new Dictionary<string, string> { ["env"] = "dev" });

    [Fact]
    public async Task RenderAsync_ProdOverlay_RendersBaseWithOverlayChanges()
    {
        using var repository = WithBaseAndTwoOverlays();

        var result = await repository.RenderAsync("overlays/prod");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal([("Service", "prod-web"), ("Deployment", "prod-web")], result.Manifests.Select(manifest => (manifest.Kind, manifest.Name)));
        Assert.All(result.Manifests, manifest => Assert.Equal(("shop-prod", "overlays/prod/kustomization.yaml"), (manifest.Namespace, manifest.SourceFile)));
        var deployment = JsonNode.Parse(result.Manifests[1].Json)!;
        Assert.Equal(5, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("prod-eu", deployment["metadata"]!["labels"]!["fleet.example/cluster"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("kustomization.yaml", "resources:\n- broken.yaml\n", "broken.yaml", "broken: [unclosed\n")]
    [InlineData("kustomization.yaml", "resources: [unclosed\n", null, null)]
    public async Task RenderAsync_UnclosedFlowSequence_NamesTheFile(string kustomization, string kustomizationText, string? other, string? otherText)
    {
        using var repository = new TempRepository().Write($"app/{kustomization}", kustomizationText);
        if (other is not null)
        {
            repository.Write($"app/{other}", otherText!);
        }

        var result = await repository.RenderAsync("app");

        var error = Assert.Single(result.Errors);
        Assert.False(result.Succeeded);
        Assert.StartsWith("app/", error.File ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Operation is not valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_OverlayChosenByClusterLabel_RendersThatOverlay()
    {
        using var repository = WithBaseAndTwoOverlays();

        var result = await repository.RenderAsync("overlays/{{cluster.labels.env}}", Dev);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.All(result.Manifests, manifest => Assert.Equal(("shop-dev", "overlays/dev/kustomization.yaml"), (manifest.Namespace, manifest.SourceFile)));
        var deployment = JsonNode.Parse(result.Manifests.Single(manifest => manifest.Kind == "Deployment").Json)!;
        Assert.Equal(1, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("dev-1", deployment["metadata"]!["labels"]!["fleet.example/cluster"]!.GetValue<string>());
    }

    [Fact]
    public void InputDirectories_Overlay_IncludesBaseAndComponent()
    {
        using var repository = WithBaseAndTwoOverlays();

        var directories = ManifestRenderer.InputDirectories(repository.Root, "overlays/prod");

        Assert.Equal(["base", "components/monitoring", "overlays/prod"], directories);
    }

    [Fact]
    public void InputDirectories_PlainDirectory_IsThePathItself()
    {
        using var repository = new TempRepository().Write("apps/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

        Assert.Equal(["apps/web"], ManifestRenderer.InputDirectories(repository.Root, "apps/web"));
        Assert.Equal(["."], ManifestRenderer.InputDirectories(repository.Root, ""));
    }

    [Fact]
    public void InputDirectories_RemoteAndNestedReferences_RemoteIgnoredNestedFolded()
    {
        using var repository = new TempRepository()
            .Write("app/kustomization.yaml", """
                resources:
                - https://github.com/example/repo//deploy?ref=v1
                - github.com/example/other/base?ref=main
                - sub
                - ../shared/cm.yaml
                """)
            .Write("app/sub/kustomization.yaml", "resources: [cm.yaml]\n")
            .Write("app/sub/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: sub}\n")
            .Write("shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\n");

        var directories = ManifestRenderer.InputDirectories(repository.Root, "app");

        Assert.Equal(["app", "shared"], directories);
    }

    [Fact]
    public void InputDirectories_MissingPath_ThrowsSayingSo()
    {
        using var repository = new TempRepository().Write("app/cm.yaml", "a: 1\n");

        var exception = Assert.Throws<RenderException>(() => ManifestRenderer.InputDirectories(repository.Root, "overlays/prod"));

        Assert.Contains("does not exist at this revision", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_BadKustomization_ReturnsKustomizeErrorOnTheKustomizationFile()
    {
        using var repository = WithBaseAndTwoOverlays()
            .Write("overlays/broken/kustomization.yaml", "resources:\n- ../../base\n- missing-file.yaml\n");

        var result = await repository.RenderAsync("overlays/broken");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("overlays/broken/kustomization.yaml", null), (error.File, error.Line));
        Assert.Contains("missing-file.yaml", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(repository.Root, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("run.go", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("kustomize failed: accumulating resources", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_KustomizationWithInvalidYaml_RefusedBeforeKustomizeRuns()
    {
        using var repository = new TempRepository().Write("app/kustomization.yaml", "resources: [unclosed\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/kustomization.yaml", error.File);
        Assert.NotNull(error.Line);
        Assert.StartsWith("Fleet cannot check this kustomization's references", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_KustomizationReferencingOutsideRepository_Rejected()
    {
        using var outside = new TempRepository().Write("kustomization.yaml", "resources: [cm.yaml]\n")
            .Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: host}\n");
        using var repository = new TempRepository()
            .Write("app/kustomization.yaml", $"resources:\n- ../../{Path.GetFileName(outside.Root)}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/kustomization.yaml", error.File);
        Assert.Contains("outside the repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_UnknownLabelInKustomizeOutput_ReturnsErrorOnKustomizationFile()
    {
        using var repository = WithBaseAndTwoOverlays();
        var noLabels = new ClusterVariables("bare", new Dictionary<string, string>());

        var result = await repository.RenderAsync("overlays/prod", noLabels);

        Assert.Empty(result.Manifests);
        Assert.Contains(result.Errors, error => error.File == "overlays/prod/kustomization.yaml" && error.Message.Contains("'env'", StringComparison.Ordinal));
    }

    private static TempRepository WithBaseAndTwoOverlays() => new TempRepository()
        .Write("base/kustomization.yaml", "resources:\n- deployment.yaml\n- service.yaml\n")
        .Write("base/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
            """)
        .Write("base/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector: {app: web}
              ports:
              - port: 80
            """)
        .Write("components/monitoring/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            patches:
            - path: scrape.yaml
              target: {kind: Deployment}
            """)
        .Write("components/monitoring/scrape.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: any
              annotations:
                prometheus.io/scrape: "true"
            """)
        .Write("overlays/prod/kustomization.yaml", """
            namespace: shop-prod
            namePrefix: prod-
            resources:
            - ../../base
            components:
            - ../../components/monitoring
            labels:
            - pairs:
                fleet.example/cluster: "{{cluster.name}}"
                fleet.example/env: "{{cluster.labels.env}}"
            replicas:
            - name: web
              count: 5
            """)
        .Write("overlays/dev/kustomization.yaml", """
            namespace: shop-dev
            resources:
            - ../../base
            labels:
            - pairs:
                fleet.example/cluster: "{{cluster.name}}"
            """);
}
