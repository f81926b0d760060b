using System.Text.Json.Nodes;

namespace Fleet.Grains.Tests.Rendering;

public class ManifestRendererPlainTests
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        """;

    [Fact]
    public async Task RenderAsync_MultiDocumentYamlWithComments_ReturnsEveryObjectInOrder()
    {
        using var repository = new TempRepository().Write("app/all.yaml", """
            # The namespace comes first.
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop # trailing comment
            ---
            ---
            # an empty document above is skipped
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 2
            ...
            """);

        var result = await repository.RenderAsync("app");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Collection(result.Manifests,
            ns => Assert.Equal(("v1", "Namespace", null, "shop", "app/all.yaml"), (ns.ApiVersion, ns.Kind, ns.Namespace, ns.Name, ns.SourceFile)),
            deployment => Assert.Equal(("apps/v1", "Deployment", "shop", "web"), (deployment.ApiVersion, deployment.Kind, deployment.Namespace, deployment.Name)));
        Assert.Equal("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":2}}""", result.Manifests[1].Json);
    }

    [Fact]
    public async Task RenderAsync_JsonFile_ReturnsObject()
    {
        using var repository = new TempRepository().Write("app/service.json",
            "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\": \"Service\",\n\t\"metadata\": {\"name\": \"web\", \"namespace\": \"shop\"},\n\t\"spec\": {\"ports\": [{\"port\": 80}]}\n}\n");

        var result = await repository.RenderAsync("app");

        var service = Assert.Single(result.Manifests);
        Assert.Equal(("Service", "shop", "web", "app/service.json"), (service.Kind, service.Namespace, service.Name, service.SourceFile));
        Assert.Equal(80, JsonNode.Parse(service.Json)!["spec"]!["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task RenderAsync_NestedDirectories_ReadsFilesInOrdinalPathOrder()
    {
        using var repository = new TempRepository()
            .Write("app/b.yaml", Named("b"))
            .Write("app/a/z.yml", Named("a-z"))
            .Write("app/a.yaml", Named("a"))
            .Write("app/C.json", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"upper-c"}}""")
            .Write("app/.hidden/x.yaml", Named("hidden"))
            .Write("app/.secret.yaml", Named("dotfile"))
            .Write("app/README.md", "not yaml: [");

        var result = await repository.RenderAsync("app");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["upper-c", "a", "a-z", "b"], result.Manifests.Select(manifest => manifest.Name));
        Assert.Equal("app/a/z.yml", result.Manifests[2].SourceFile);
    }

    [Fact]
    public async Task RenderAsync_FilesThatAreNotManifests_SkippedSilently()
    {
        using var repository = new TempRepository()
            .Write("app/info.yaml", "name: web\nversion: 1.0.0\n")
            .Write("app/values.yaml", "replicas: 3\nimage:\n  tag: v1\n")
            .Write("app/list.yaml", "- a\n- b\n")
            .Write("app/config.yaml", ConfigMap);

        var result = await repository.RenderAsync("app");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.False(result.UsesClusterVariables);
        Assert.Equal("settings", Assert.Single(result.Manifests).Name);
    }

    [Fact]
    public async Task RenderAsync_KindList_ExpandsItems()
    {
        using var repository = new TempRepository().Write("app/list.yaml", """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: first}
            - apiVersion: v1
              kind: Secret
              metadata: {name: second, namespace: shop}
            """);

        var result = await repository.RenderAsync("app");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal([("ConfigMap", "first"), ("Secret", "second")], result.Manifests.Select(manifest => (manifest.Kind, manifest.Name)));
        Assert.Equal("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"second","namespace":"shop"}}""", result.Manifests[1].Json);
    }

    [Theory]
    [InlineData("broken: [unclosed\n")]
    [InlineData("broken: [unclosed")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  broken: [unclosed\n")]
    [InlineData("broken: {unclosed: 1\n")]
    [InlineData("broken: \"unterminated\n")]
    public async Task RenderAsync_UnclosedFlowCollectionOrQuote_NamesFileAndLine(string text)
    {
        using var repository = new TempRepository().Write("app/broken.yaml", text);

        var result = await repository.RenderAsync("app");

        var error = Assert.Single(result.Errors);
        Assert.Equal("app/broken.yaml", error.File);
        Assert.NotNull(error.Line);
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_InvalidYaml_ReturnsFileAndLineAndNoManifests()
    {
        using var repository = new TempRepository()
            .Write("app/a-good.yaml", ConfigMap)
            .Write("app/b-bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [unclosed\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/b-bad.yaml", error.File);
        Assert.NotNull(error.Line);
        Assert.InRange(error.Line!.Value, 5, 6);
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_InvalidJson_ReturnsFileAndLine()
    {
        using var repository = new TempRepository().Write("app/bad.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \n}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("app/bad.json", 4), (error.File, error.Line));
        Assert.StartsWith("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_JsonDuplicateKey_ReturnsError()
    {
        using var repository = new TempRepository().Write("app/cm.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n \"kind\": \"Secret\", \"metadata\": {\"name\": \"x\"}}");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal("app/cm.json", error.File);
        Assert.Contains("kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_MissingName_ReturnsErrorWithLine()
    {
        using var repository = new TempRepository().Write("app/deploy.yaml", ConfigMap + "\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels: {app: web}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("app/deploy.yaml", 6), (error.File, error.Line));
        Assert.Contains("Deployment", error.Message, StringComparison.Ordinal);
        Assert.Contains("metadata.name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_KindWithoutApiVersion_ReturnsErrorNamingTheMissingField()
    {
        using var repository = new TempRepository().Write("app/cm.yaml", "kind: ConfigMap\nmetadata:\n  name: x\n");

        var result = await repository.RenderAsync("app");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("app/cm.yaml", 1), (error.File, error.Line));
        Assert.Contains("no apiVersion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_DuplicateObjects_ReturnsErrorNamingBothFiles()
    {
        using var repository = new TempRepository()
            .Write("app/one.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n")
            .Write("app/two.yaml", "# same object, other version\napiVersion: apps/v1beta2\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n")
            .Write("app/three.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: other}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("app/two.yaml", 2), (error.File, error.Line));
        Assert.Contains("app/one.yaml line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("app/two.yaml line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("shop/web", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_ClusterVariablesInManifest_Substituted()
    {
        using var repository = new TempRepository().Write("app/cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings-{{ cluster.name }}
              labels:
                env: "{{cluster.labels.env}}"
            data:
              region: {{cluster.labels.region}}
            """);

        var result = await repository.RenderAsync("app");

        var manifest = Assert.Single(result.Manifests);
        Assert.True(result.UsesClusterVariables);
        Assert.Equal("settings-prod-eu", manifest.Name);
        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings-prod-eu","labels":{"env":"prod"}},"data":{"region":"eu"}}""", manifest.Json);
    }

    [Fact]
    public async Task RenderAsync_ClusterVariableInPath_RendersTheClustersDirectory()
    {
        using var repository = new TempRepository()
            .Write("overlays/prod/cm.yaml", ConfigMap.Replace("settings", "prod-settings", StringComparison.Ordinal))
            .Write("overlays/dev/cm.yaml", ConfigMap.Replace("settings", "dev-settings", StringComparison.Ordinal));

        var result = await repository.RenderAsync("overlays/{{cluster.labels.env}}");

        Assert.Equal("prod-settings", Assert.Single(result.Manifests).Name);
    }

    [Fact]
    public async Task RenderAsync_UnknownLabel_ReturnsErrorWithFileAndLine()
    {
        using var repository = new TempRepository().Write("app/cm.yaml", ConfigMap + "\n  namespace: team-{{cluster.labels.team}}\n");

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("app/cm.yaml", 5), (error.File, error.Line));
        Assert.Contains("'team'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("app/../../outside")]
    [InlineData("/etc")]
    public async Task RenderAsync_PathEscapingRepository_Rejected(string path)
    {
        using var repository = new TempRepository().Write("app/cm.yaml", ConfigMap);

        var result = await repository.RenderAsync(path);

        Assert.Empty(result.Manifests);
        var error = Assert.Single(result.Errors);
        Assert.Matches("leaves the repository|is absolute", error.Message);
    }

    [Fact]
    public async Task RenderAsync_SymbolicLinkOutOfRepository_Rejected()
    {
        using var outside = new TempRepository().Write("secret.yaml", ConfigMap);
        using var repository = new TempRepository().Write("app/cm.yaml", ConfigMap.Replace("settings", "inside", StringComparison.Ordinal));
        Directory.CreateSymbolicLink(Path.Combine(repository.Root, "linked"), outside.Root);
        File.CreateSymbolicLink(Path.Combine(repository.Root, "app", "stolen.yaml"), Path.Combine(outside.Root, "secret.yaml"));

        var viaPath = await repository.RenderAsync("linked");
        var viaFile = await repository.RenderAsync("app");

        Assert.Contains("symbolic link", Assert.Single(viaPath.Errors).Message, StringComparison.Ordinal);
        Assert.Empty(viaFile.Manifests);
        Assert.Equal("app/stolen.yaml", Assert.Single(viaFile.Errors).File);
    }

    [Fact]
    public async Task RenderAsync_SymbolicLinkCycle_ReturnsErrorInsteadOfLooping()
    {
        using var repository = new TempRepository().Write("app/cm.yaml", ConfigMap);
        File.CreateSymbolicLink(Path.Combine(repository.Root, "app", "loop-a.yaml"), Path.Combine(repository.Root, "app", "loop-b.yaml"));
        File.CreateSymbolicLink(Path.Combine(repository.Root, "app", "loop-b.yaml"), Path.Combine(repository.Root, "app", "loop-a.yaml"));
        Directory.CreateSymbolicLink(Path.Combine(repository.Root, "app", "again"), Path.Combine(repository.Root, "app"));

        var result = await repository.RenderAsync("app");

        Assert.Empty(result.Manifests);
        Assert.Equal(["app/loop-a.yaml", "app/loop-b.yaml"], result.Errors.Select(error => error.File).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, error => Assert.Contains("link cycle", error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RenderAsync_MissingPath_SaysItDoesNotExistAtThisRevision()
    {
        using var repository = new TempRepository().Write("app/cm.yaml", ConfigMap);

        var result = await repository.RenderAsync("apps/web");

        var error = Assert.Single(result.Errors);
        Assert.Equal("apps/web", error.File);
        Assert.Contains("path apps/web does not exist at this revision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_ScalarTyping_FollowsYaml12()
    {
        using var repository = new TempRepository().Write("app/cm.yaml", """
            apiVersion: v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 3
              paused: false
              revisionHistoryLimit: ~
              template:
                metadata:
                  labels: {enabled: on, answer: yes, port: "8080", big: 9007199254740993}
            """);

        var result = await repository.RenderAsync("app");

        var json = Assert.Single(result.Manifests).Json;
        Assert.Contains("\"replicas\":3,\"paused\":false,\"revisionHistoryLimit\":null", json, StringComparison.Ordinal);
        Assert.Contains("""{"enabled":"on","answer":"yes","port":"8080","big":9007199254740993}""", json, StringComparison.Ordinal);
    }

    private static string Named(string name) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n";
}
