using System.Text;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Tests.Rendering;

/// <summary>A Git author must not exhaust a silo's memory: YAML bombs, huge files and huge renders are refused.</summary>
public class RenderLimitsTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task RenderAsync_AliasesRepeatingAOneMiBScalar_RefusedNamingFileAndLimit()
    {
        // 1 MiB written once, used 20 times through aliases: 21 MiB expanded, far below the million-values cap.
        var bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  annotations:\n    seed: &big \"")
            .Append('x', MiB).Append("\"\ndata:\n");
        for (var i = 0; i < 20; i++)
        {
            bomb.Append($"  k{i}: *big\n");
        }

        using var repository = new TempRepository().Write("app/bomb.yaml", bomb.ToString());

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/bomb.yaml", error.File);
        Assert.Contains("expands to more than 16 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_KustomizationThatIsAYamlBomb_RefusedBeforeKustomizeRuns()
    {
        var bomb = new StringBuilder("commonAnnotations:\n  seed: &big \"").Append('x', MiB).Append("\"\n");
        for (var i = 0; i < 20; i++)
        {
            bomb.Append($"  k{i}: *big\n");
        }

        using var repository = new TempRepository().Write("app/kustomization.yaml", bomb.ToString());

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/kustomization.yaml", error.File);
        Assert.Contains("expands to more than 16 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_MoreObjectsThanTheDefaultLimit_RefusedNamingFileAndLimit()
    {
        var list = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
        for (var i = 0; i <= 10_000; i++)
        {
            list.Append($"- {{apiVersion: v1, kind: ConfigMap, metadata: {{name: c{i}}}}}\n");
        }

        using var repository = new TempRepository().Write("app/many.yaml", list.ToString());

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/many.yaml", error.File);
        Assert.Contains("more than 10,000 objects", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_FilesTogetherLargerThanTheRenderLimit_RefusedNamingTheFileThatPassedIt()
    {
        using var repository = new TempRepository();
        foreach (var name in new[] { "a", "b", "c" })
        {
            repository.Write($"app/{name}.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{v: \"{new string('x', 400 * 1024)}\"}}\n");
        }

        var result = await Renderer(new RenderLimits { MaxRenderBytes = MiB }).RenderAsync(repository.Root, "app", TempRepository.Prod, CancellationToken.None);

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/c.yaml", error.File);
        Assert.Contains("larger than 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_FileLargerThanThePerFileLimit_RefusedWithoutParsing()
    {
        using var repository = new TempRepository()
            .Write("app/huge.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: huge}}\ndata: {{v: \"{new string('x', 100 * 1024)}\"}}\n");

        var result = await Renderer(new RenderLimits { MaxExpandedBytesPerFile = 64 * 1024 }).RenderAsync(repository.Root, "app", TempRepository.Prod, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("app/huge.yaml", error.File);
        Assert.Contains("larger than 65,536 bytes, the limit per file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_WithinTheLimits_Renders()
    {
        using var repository = new TempRepository()
            .Write("app/cm.yaml", "base: &b {apiVersion: v1, kind: ConfigMap}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n");

        var result = await repository.RenderAsync("app");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    private static ManifestRenderer Renderer(RenderLimits limits) => new(new KustomizeRunner(), limits);
}
