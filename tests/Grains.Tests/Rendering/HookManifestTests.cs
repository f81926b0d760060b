namespace Fleet.Grains.Tests.Rendering;

/// <summary>Hooks in rendered manifests: generateName is enough for a hook, not for an ordinary resource.</summary>
public sealed class HookManifestTests
{
    private const string GeneratedJob = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n{0}spec:\n  template: {{spec: {{restartPolicy: Never, containers: [{{name: m, image: busybox}}]}}}}\n";

    [Theory]
    [InlineData("fleet.dev/hook: PreSync")]
    [InlineData("argocd.argoproj.io/hook: PostSync")]
    [InlineData("helm.sh/hook: pre-install")]
    public async Task RenderAsync_HookWithGenerateNameOnly_IsKnownByItsGenerateName(string annotation)
    {
        using var repository = new TempRepository().Write("app/job.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, GeneratedJob, $"  annotations:\n    {annotation}\n"));

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Errors);
        Assert.Equal("migrate-", Assert.Single(result.Manifests).Name);
    }

    [Fact]
    public async Task RenderAsync_ResourceWithGenerateNameOnly_IsRefusedSayingHowToFixIt()
    {
        using var repository = new TempRepository().Write("app/job.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, GeneratedJob, ""));

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Contains("only metadata.generateName", error.Message, StringComparison.Ordinal);
        Assert.Contains("fleet.dev/hook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_UnknownHookPhase_IsRefusedNamingTheAnnotation()
    {
        using var repository = new TempRepository().Write("app/job.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, GeneratedJob, "  annotations:\n    argocd.argoproj.io/hook: PreSinc\n"));

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        Assert.Contains("\"PreSinc\" is not a hook phase", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
