using Fleet.Cli.Tests.Infrastructure;

namespace Fleet.Cli.Tests.Commands;

/// <summary>
/// Fleet's configuration kept in Git, from the CLI against the real silo process: secret references round-trip through
/// <c>fleet get</c> without a value, and <c>fleet bootstrap</c> builds an empty control plane's applications from a
/// repository.
/// </summary>
[Collection(SiloProcessCollection.Name)]
public sealed class DeclarativeFleetTests(SiloProcess silo)
{
    [Fact]
    public async Task Get_NotificationSinkAndRepositoryWithSecretReferences_PrintReferencesThatApplyBackUnchanged()
    {
        var cli = await silo.LoggedInAsync();
        var (sink, repository) = (SiloSession.Unique("sink"), SiloSession.Unique("r"));
        var folder = Directory.CreateTempSubdirectory("fleet-refs-").FullName;
        var file = Path.Combine(folder, "fleet.yaml");
        await File.WriteAllTextAsync(file, $"""
            apiVersion: fleet.dev/v1
            kind: NotificationSink
            metadata: {"{"} name: {sink} {"}"}
            spec:
              type: webhook
              urlFrom: {"{"} env: {SiloProcess.SecretVariable} {"}"}
              secretFrom: {"{"} env: {SiloProcess.SecretVariable} {"}"}
              triggers: [sync-failed]
            ---
            apiVersion: fleet.dev/v1
            kind: Repository
            metadata: {"{"} name: {repository} {"}"}
            spec:
              url: "{silo.Repository.Path}"
              branch: main
              webhookSecretFrom: {"{"} env: {SiloProcess.SecretVariable} {"}"}
            """);

        var created = await cli.RunAsync("apply", "-f", file);
        var sinkDocument = await cli.RunAsync("get", "sink", sink);
        var repositoryDocument = await cli.RunAsync("get", "repo", repository);
        var printed = Path.Combine(folder, "printed.yaml");
        await File.WriteAllTextAsync(printed, sinkDocument.Stdout + "---\n" + repositoryDocument.Stdout);
        var again = await cli.RunAsync("apply", "-f", printed);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("2 created", created.Stdout, StringComparison.Ordinal);
        Assert.True(sinkDocument.ExitCode == 0, sinkDocument.ToString());
        Assert.Contains($"env: {SiloProcess.SecretVariable}", sinkDocument.Stdout, StringComparison.Ordinal);
        Assert.Contains("urlFrom:", sinkDocument.Stdout, StringComparison.Ordinal);
        Assert.Contains("webhookSecretFrom:", repositoryDocument.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks/fleet", sinkDocument.Stdout + repositoryDocument.Stdout, StringComparison.Ordinal);
        Assert.True(again.Stdout.Contains("0 created, 0 configured, 2 unchanged", StringComparison.Ordinal), again + "\n" + sinkDocument.Stdout + repositoryDocument.Stdout);
    }

    [Fact]
    public async Task Bootstrap_RepositoryWithApplicationDocuments_CreatesThemAndIsIdempotent()
    {
        var cli = await silo.LoggedInAsync();
        var (cluster, _) = await silo.RegisterAsync(cli);
        var (name, child) = (SiloSession.Unique("boot"), SiloSession.Unique("child"));
        var git = new GitRepository();
        git.Write("app/configmap.yaml", SiloProcess.ConfigMap("from bootstrap"));
        git.Write("fleet/child.yaml", $"""
            apiVersion: fleet.dev/v1
            kind: Application
            metadata: {"{"} name: {child} {"}"}
            spec:
              repository: {name}
              path: app
              destination: {"{"} clusters: [{cluster}], namespace: default {"}"}
              syncPolicy: {"{"} automated: true {"}"}
            """);
        git.Commit("fleet configuration");

        var first = await cli.RunAsync("bootstrap", "--repo", git.Path, "--path", "fleet", "--name", name);
        var synced = await cli.EventuallyAsync(r => r.ExitCode == 0 && r.Stdout.Contains("Synced", StringComparison.Ordinal), ["app", "get", child]);
        var second = await cli.RunAsync("bootstrap", "--repo", git.Path, "--path", "fleet", "--name", name);
        var root = await cli.EventuallyAsync(r => r.Stdout.Contains("Healthy", StringComparison.Ordinal), ["app", "get", name]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(synced.ExitCode == 0, synced + "\n" + (await cli.RunAsync("app", "get", name)));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("the control plane", root.Stdout, StringComparison.Ordinal);
        Assert.Contains(child, root.Stdout, StringComparison.Ordinal);
    }
}
