using Fleet.Cli.Tests.Infrastructure;

namespace Fleet.Cli.Tests.Commands;

/// <summary><c>fleet apply -f</c> against the real silo process: dependency order, the summary, dry run, and refusals.</summary>
[Collection(SiloProcessCollection.Name)]
public sealed class ApplyCommandTests(SiloProcess silo)
{
    private static string Folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fleet-apply-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "apps"));
        return folder;
    }

    [Fact]
    public async Task Apply_Folder_CreatesInDependencyOrder_ThenReportsUnchangedAndChanged()
    {
        var cli = await silo.LoggedInAsync();
        var (project, repository, cluster, application) =
            (SiloSession.Unique("p"), SiloSession.Unique("r"), SiloSession.Unique("c"), SiloSession.Unique("a"));
        silo.Simulator.AddCluster(cluster);
        var folder = Folder();
        // The application comes first in the folder's order; apply must still create what it names before it.
        await File.WriteAllTextAsync(Path.Combine(folder, "apps", "a-app.yaml"), $"""
            apiVersion: fleet.dev/v1
            kind: Application
            metadata: {"{"} name: {application} {"}"}
            spec:
              project: {project}
              repository: {repository}
              path: app
              destination: {"{"} clusters: [{cluster}], namespace: default {"}"}
              syncPolicy: {"{"} automated: true, prune: true {"}"}
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "platform.yaml"), $"""
            apiVersion: fleet.dev/v1
            kind: Repository
            metadata: {"{"} name: {repository} {"}"}
            spec: {"{"} url: "{silo.Repository.Path}", branch: main, pollIntervalSeconds: 5 {"}"}
            ---
            apiVersion: fleet.dev/v1
            kind: Cluster
            metadata: {"{"} name: {cluster} {"}"}
            spec: {"{"} server: "{silo.Simulator.ClusterUrl(cluster)}", labels: {"{"} env: apply {"}"} {"}"}
            ---
            apiVersion: fleet.dev/v1
            kind: Project
            metadata: {"{"} name: {project} {"}"}
            spec:
              sourceRepositories: [{repository}]
              destinations: [{"{"} cluster: "*", namespace: default {"}"}]
            """);

        var dryRun = await cli.RunAsync("apply", "-f", folder, "--dry-run");
        var afterDryRun = await cli.RunAsync("app", "get", application);
        var first = await cli.RunAsync("apply", "-f", folder);
        var second = await cli.RunAsync("apply", "-f", folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "apps", "a-app.yaml"),
            (await File.ReadAllTextAsync(Path.Combine(folder, "apps", "a-app.yaml"))).Replace("prune: true", "prune: false", StringComparison.Ordinal));
        var third = await cli.RunAsync("apply", "-f", folder);
        var synced = await cli.EventuallyAsync(r => r.ExitCode == 0 && r.Stdout.Contains("Synced", StringComparison.Ordinal), ["app", "get", application]);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains($"application/{application} created (dry run)", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, afterDryRun.ExitCode);
        Assert.True(first.ExitCode == 0, first.ToString());
        var order = new[] { $"project/{project} created", $"repository/{repository} created", $"cluster/{cluster} created", $"application/{application} created" }
            .Select(line => first.Stdout.IndexOf(line, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains("4 created, 0 configured, 0 unchanged", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("0 created, 0 configured, 4 unchanged", second.Stdout, StringComparison.Ordinal);
        Assert.Contains($"application/{application} configured", third.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 created, 1 configured, 3 unchanged", third.Stdout, StringComparison.Ordinal);
        Assert.True(synced.ExitCode == 0, synced.ToString());
    }

    [Fact]
    public async Task Apply_FolderWithAnInvalidDocument_SendsNothingAndNamesTheFileAndLine()
    {
        var cli = await silo.LoggedInAsync();
        var project = SiloSession.Unique("p");
        var folder = Folder();
        await File.WriteAllTextAsync(Path.Combine(folder, "a.yaml"), $"apiVersion: fleet.dev/v1\nkind: Project\nmetadata: {{name: {project}}}\nspec: {{}}\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "b.yaml"), "apiVersion: fleet.dev/v1\nkind: Project\nmetadata: {name: x}\nspec: {}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n");

        var apply = await cli.RunAsync("apply", "-f", folder);
        var get = await cli.RunAsync("project", "get", project);

        Assert.True(apply.ExitCode == 2, apply.ToString());
        Assert.Contains("b.yaml:6", apply.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, get.ExitCode);
    }

    [Fact]
    public async Task Apply_DocumentTheServerRefuses_ReportsItAndAppliesTheOthers()
    {
        var cli = await silo.LoggedInAsync();
        var (good, bad) = (SiloSession.Unique("p"), SiloSession.Unique("p"));
        var file = Path.Combine(Folder(), "projects.yaml");
        await File.WriteAllTextAsync(file, $"""
            apiVersion: fleet.dev/v1
            kind: Project
            metadata: {"{"} name: {bad} {"}"}
            spec: {"{"} sourceRepositories: ["Not_A_Glob"] {"}"}
            ---
            apiVersion: fleet.dev/v1
            kind: Project
            metadata: {"{"} name: {good} {"}"}
            spec: {"{"} description: fine {"}"}
            """);

        var apply = await cli.RunAsync("apply", "-f", file);

        Assert.True(apply.ExitCode == 1, apply.ToString());
        Assert.Contains($"project/{bad}", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("sourceRepositories[0]", apply.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 created, 0 configured, 0 unchanged, 1 failed", apply.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("project", "get", good)).ExitCode);
    }

    [Fact]
    public async Task Get_PrintsDocumentsThatApplyTakesBackUnchanged()
    {
        var cli = await silo.LoggedInAsync();
        var (project, repository, cluster, application) =
            (SiloSession.Unique("p"), SiloSession.Unique("r"), SiloSession.Unique("c"), SiloSession.Unique("a"));
        silo.Simulator.AddCluster(cluster);
        Assert.Equal(0, (await cli.RunAsync("project", "add", project, "--source-repo", repository, "--destination-selector", "env=get:default",
            "--remote-source", "https://github.com/acme/platform//*")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("repo", "add", repository, "--url", silo.Repository.Path, "--branch", "main")).ExitCode);
        var file = Path.Combine(Folder(), "kubeconfig");
        await File.WriteAllTextAsync(file, silo.Simulator.Kubeconfig());
        Assert.Equal(0, (await cli.RunAsync("cluster", "add", cluster, "--kubeconfig", file, "--context", cluster, "--label", "env=get")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("app", "create", application, "--project", project, "--repo", repository, "--path", "app",
            "--selector", "env=get", "--namespace", "default", "--auto")).ExitCode);

        var documents = new List<string>();
        foreach (var (kind, name) in new[] { ("project", project), ("repo", repository), ("cluster", cluster), ("app", application) })
        {
            var get = await cli.RunAsync("get", kind, name);
            Assert.True(get.ExitCode == 0, get.ToString());
            documents.Add(get.Stdout);
        }
        var all = Path.Combine(Folder(), "fleet.yaml");
        await File.WriteAllTextAsync(all, string.Join("---\n", documents));
        var apply = await cli.RunAsync("apply", "-f", all);

        Assert.Contains("kind: Application", documents[3], StringComparison.Ordinal);
        Assert.Contains("selector:", documents[3], StringComparison.Ordinal);
        Assert.Contains("apiVersion: fleet.dev/v1", documents[0], StringComparison.Ordinal);
        Assert.DoesNotContain("token", documents[2], StringComparison.OrdinalIgnoreCase);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.True(apply.Stdout.Contains("0 created, 0 configured, 4 unchanged", StringComparison.Ordinal), apply + "\n" + string.Join("---\n", documents));
    }

    [Fact]
    public async Task Get_ImageAutomationObjects_ApplyBackUnchanged()
    {
        var cli = await silo.LoggedInAsync();
        var (image, policy, update, repository) = (SiloSession.Unique("img"), SiloSession.Unique("pol"), SiloSession.Unique("upd"), SiloSession.Unique("r"));
        Assert.Equal(0, (await cli.RunAsync("repo", "add", repository, "--url", silo.Repository.Path, "--branch", "main")).ExitCode);
        // Nothing listens on port 1: the scans fail, which does not matter to the documents.
        Assert.Equal(0, (await cli.RunAsync("image", "repo", "add", image, "--image", "127.0.0.1:1/team/web", "--insecure", "--interval", "3600")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("image", "policy", "add", policy, "--image-repository", image, "--numerical", "desc",
            "--filter-pattern", "^build-(?P<n>[0-9]+)$", "--filter-extract", "$n")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("image", "update", "add", update, "--repository", repository, "--path", "app",
            "--author-name", "Fleet", "--author-email", "fleet@example.com")).ExitCode);

        var documents = new List<string>();
        foreach (var (kind, name) in new[] { ("imagerepository", image), ("imagepolicy", policy), ("imageupdate", update) })
        {
            var get = await cli.RunAsync("get", kind, name);
            Assert.True(get.ExitCode == 0, get.ToString());
            documents.Add(get.Stdout);
        }
        var all = Path.Combine(Folder(), "images.yaml");
        await File.WriteAllTextAsync(all, string.Join("---\n", documents));
        var apply = await cli.RunAsync("apply", "-f", all);

        Assert.Contains("numerical:", documents[1], StringComparison.Ordinal);
        Assert.DoesNotContain("semver", documents[1], StringComparison.Ordinal);
        Assert.True(apply.Stdout.Contains("0 created, 0 configured, 3 unchanged", StringComparison.Ordinal), apply + "\n" + string.Join("---\n", documents));
    }
}
