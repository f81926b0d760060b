namespace Fleet.Grains.Tests.Rendering;

/// <summary>
/// A Git author must reach nothing outside the repository through a kustomization: each test is an attack that
/// the real <c>kubectl kustomize</c> would carry out if Fleet let the kustomization through.
/// </summary>
public class KustomizeTrustBoundaryTests
{
    [Fact]
    public async Task RenderAsync_DuplicateKeyHidingAnOutsideBase_RefusedNamingTheFile()
    {
        using var outside = OutsideBase();
        using var repository = new TempRepository()
            .Write("app/kustomization.yaml", $"resources:\n- ../../{Path.GetFileName(outside.Root)}\nnamespace: a\nnamespace: b\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("app/kustomization.yaml", 4), (error.File, error.Line));
        Assert.StartsWith("Fleet cannot check this kustomization's references", error.Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Resources")]
    [InlineData("RESOURCES")]
    [InlineData("reſources")]
    public async Task RenderAsync_FieldNameInOtherCaseReferencingOutside_Refused(string field)
    {
        using var outside = OutsideBase();
        using var repository = new TempRepository()
            .Write("app/kustomization.yaml", $"{field}:\n- ../../{Path.GetFileName(outside.Root)}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/kustomization.yaml", error.File);
        Assert.Contains("outside the repository", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resources", "https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1")]
    [InlineData("resources", "http://169.254.169.254/latest/meta-data/")]
    [InlineData("resources", "github.com/kubernetes-sigs/kustomize/examples/helloWorld?ref=v3.3.1")]
    [InlineData("resources", "github.com/kubernetes-sigs/kustomize/examples/helloWorld")]
    [InlineData("resources", "git@github.com:kubernetes-sigs/kustomize.git/examples/helloWorld")]
    [InlineData("resources", "ssh://git@example.com/org/repo.git")]
    [InlineData("resources", "git::https://example.com/org/repo")]
    [InlineData("resources", "gh:kubernetes-sigs/kustomize")]
    [InlineData("components", "example.com/org/repo//component")]
    [InlineData("patchesStrategicMerge", "https://example.com/patch.yaml")]
    public async Task RenderAsync_RemoteReference_RefusedAsRemote(string field, string reference)
    {
        using var repository = new TempRepository().Write("app/kustomization.yaml", $"{field}:\n- {reference}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/kustomization.yaml", error.File);
        Assert.StartsWith($"remote bases are not allowed by the application's project: {reference}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_RemotePatchPathInGenerator_RefusedAsRemote()
    {
        using var repository = new TempRepository().Write("app/kustomization.yaml", """
            configMapGenerator:
            - name: leak
              files:
              - key=https://example.com/secret
            """);

        var result = await repository.RenderAsync("app");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("remote bases are not allowed by the application's project: https://example.com/secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_FileUrl_Refused()
    {
        using var outside = OutsideBase();
        using var repository = new TempRepository().Write("app/kustomization.yaml", $"resources:\n- file://{outside.Root}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Contains("file:// references read the silo's own disk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_RemoteBaseTheProjectListsButAnotherNot_RefusesOnlyTheOther()
    {
        using var repository = new TempRepository().Write("app/kustomization.yaml", """
            resources:
            - https://github.com/acme/platform//base?ref=v1.2.0
            - https://github.com/acme-evil/platform//base?ref=v1
            """);

        var result = await repository.RenderAsync("app", remoteSources: ["https://github.com/acme/platform//*"]);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("remote bases are not allowed by the application's project: https://github.com/acme-evil/platform", error.Message, StringComparison.Ordinal);
        Assert.Contains("remoteSources", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_FileUrlTheProjectLists_FetchedByKustomize()
    {
        using var remote = new TempRepository()
            .Write("base/kustomization.yaml", "resources:\n- configmap.yaml\n")
            .Write("base/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-remote\ndata:\n  a: \"1\"\n");
        remote.CommitAll();
        var reference = $"file://{remote.Root}//base?ref=main";
        using var repository = new TempRepository().Write("app/kustomization.yaml", $"resources:\n- {reference}\n");

        var refused = await repository.RenderAsync("app");
        var allowed = await repository.RenderAsync("app", remoteSources: [$"file://{remote.Root}//*"]);

        Assert.Contains("allowed only when the application's project lists them in remoteSources", Assert.Single(refused.Errors).Message, StringComparison.Ordinal);
        Assert.True(allowed.Errors.Count == 0, string.Join("; ", allowed.Errors.Select(e => e.Message)));
        Assert.Equal("from-remote", Assert.Single(allowed.Manifests).Name);
    }

    [Fact]
    public async Task RenderAsync_AbsolutePath_Refused()
    {
        using var outside = OutsideBase();
        using var repository = new TempRepository().Write("app/kustomization.yaml", $"resources:\n- {outside.Root}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Contains("absolute path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_EnvFileOutsideTheRepository_Refused()
    {
        using var outside = new TempRepository().Write("secret.env", "TOKEN=host-secret\n");
        using var repository = new TempRepository().Write("app/kustomization.yaml", $"""
            configMapGenerator:
            - name: leak
              envs:
              - ../../{Path.GetFileName(outside.Root)}/secret.env
            """);

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        Assert.Contains("outside the repository", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_LocalFolderNamedLikeAHost_RendersAsLocal()
    {
        using var repository = new TempRepository()
            .Write("app/kustomization.yaml", "resources:\n- base.v1/cm.yaml\n")
            .Write("app/base.v1/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: local}\n");

        var result = await repository.RenderAsync("app");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("local", Assert.Single(result.Manifests).Name);
    }

    private static TempRepository OutsideBase() => new TempRepository()
        .Write("kustomization.yaml", "resources: [cm.yaml]\n")
        .Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: host}\n");
}
