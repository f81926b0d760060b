using System.Net.Http.Headers;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Cli.Tests.Infrastructure;

namespace Fleet.Cli.Tests.Commands;

/// <summary>Real <c>fleet</c> commands, run in-process, against the real silo process, a simulator and a local Git repository.</summary>
[Collection(SiloProcessCollection.Name)]
public sealed class CliEndToEndTests(SiloProcess silo)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private async Task<CliRunner> LoggedInAsync()
    {
        var cli = new CliRunner();
        var login = await cli.RunAsync("login", "--server", silo.Server, "--token", silo.AdminToken);
        Assert.True(login.ExitCode == 0, login.ToString());
        return cli;
    }

    /// <summary>Registers a new simulator cluster from a kubeconfig file and a repository; answers their names.</summary>
    private async Task<(string Cluster, string Repository)> RegisterAsync(CliRunner cli)
    {
        var cluster = Unique("c");
        var repository = Unique("r");
        silo.Simulator.AddCluster(cluster);
        var kubeconfig = Path.Combine(Path.GetDirectoryName(cli.ConfigPath)!, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, silo.Simulator.Kubeconfig());
        var add = await cli.RunAsync("cluster", "add", cluster, "--kubeconfig", kubeconfig, "--context", cluster, "--label", "env=cli");
        Assert.True(add.ExitCode == 0, add.ToString());
        var repo = await cli.RunAsync("repo", "add", repository, "--url", silo.Repository.Path, "--branch", "main", "--poll-interval", "5");
        Assert.True(repo.ExitCode == 0, repo.ToString());
        return (cluster, repository);
    }

    [Fact]
    public async Task RepoAddHelm_AppCreateWithChart_ShownAsChartAndConstraint()
    {
        var cli = await LoggedInAsync();
        var repository = Unique("h");
        var app = Unique("a");

        // Nothing listens on port 9: the repository registers and says it cannot be reached.
        var add = await cli.RunAsync("repo", "add", repository, "--type", "helm", "--url", "http://127.0.0.1:9/charts");
        var create = await cli.RunAsync("app", "create", app, "--repo", repository, "--chart", "podinfo", "--revision", "^6", "--cluster", Unique("c"));
        var get = await cli.RunAsync("app", "get", app);
        var both = await cli.RunAsync("app", "create", app, "--repo", repository, "--chart", "podinfo", "--path", "x", "--cluster", "c");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains($"repository/{repository} registered (helm http://127.0.0.1:9/charts, 0 charts)", add.Stdout, StringComparison.Ordinal);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Contains($"Source:       {repository} chart podinfo @ ^6", get.Stdout, StringComparison.Ordinal);
        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("--chart", both.Stderr, StringComparison.Ordinal);
        await cli.RunAsync("app", "delete", app);
    }

    [Fact]
    public async Task ClusterAdd_KubeconfigWithTokenFile_SendsTheTokenNotThePath()
    {
        var cli = await LoggedInAsync();
        var cluster = Unique("c");
        silo.Simulator.AddCluster(cluster);
        var directory = Path.GetDirectoryName(cli.ConfigPath)!;
        await File.WriteAllTextAsync(Path.Combine(directory, "sa-token"), "token-from-a-file\n");
        var kubeconfig = Path.Combine(directory, "kubeconfig-with-files");
        await File.WriteAllTextAsync(kubeconfig, "current-context: c\n" +
            "clusters: [{name: k, cluster: {server: \"" + silo.Simulator.ClusterUrl(cluster) + "\"}}]\n" +
            "users: [{name: u, user: {tokenFile: sa-token}}]\n" +
            "contexts: [{name: c, context: {cluster: k, user: u}}]\n");

        // The server refuses file references, so only a CLI that reads the file itself gets the cluster registered.
        var add = await cli.RunAsync("cluster", "add", cluster, "--kubeconfig", kubeconfig);

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains($"cluster/{cluster} registered", add.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterAdd_Agent_PrintsTheInstallCommandWithATokenShownOnce()
    {
        var cli = await LoggedInAsync();
        var cluster = Unique("edge");

        var add = await cli.RunAsync("cluster", "add", cluster, "--agent", "--label", "env=edge");
        var again = await cli.RunAsync("cluster", "add", cluster, "--agent", "--label", "env=prod");
        var both = await cli.RunAsync("cluster", "add", cluster, "--agent", "--kubeconfig", cli.ConfigPath);
        var get = await cli.RunAsync("cluster", "get", cluster);

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains($"FLEET_TOKEN=fleetboot.{cluster}.", add.Stdout, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -k deploy/agent", add.Stdout, StringComparison.Ordinal);
        Assert.Contains($"--cluster {cluster} --token fleetboot.{cluster}.", add.Stdout, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("fleetboot.", again.Stdout, StringComparison.Ordinal);
        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("--agent takes no --kubeconfig", both.Stderr, StringComparison.Ordinal);
        Assert.Contains("AgentNotConnected", get.Stdout, StringComparison.Ordinal);
        Assert.Contains("(agent)", get.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Login_ValidToken_SavesServerAndTokenOwnerOnly()
    {
        var cli = new CliRunner();

        var login = await cli.RunAsync("login", "--server", silo.Server, "--token", silo.AdminToken);
        var status = await cli.RunAsync("status");

        Assert.True(login.ExitCode == 0, login.ToString());
        var saved = await File.ReadAllTextAsync(cli.ConfigPath);
        Assert.Contains(silo.Server, saved, StringComparison.Ordinal);
        Assert.Contains(silo.AdminToken, saved, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.ConfigPath));
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("Clusters:", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_CreateWaitDiffSyncRollback_FollowsGitAndReportsDrift()
    {
        var cli = await LoggedInAsync();
        var (cluster, repository) = await RegisterAsync(cli);
        var app = Unique("a");
        var first = (await cli.RunAsync("repo", "get", repository, "-o", "json")).Json["revision"]!.GetValue<string>();

        var create = await cli.RunAsync("app", "create", app, "--repo", repository, "--path", "app", "--cluster", cluster, "--auto");
        var wait = await cli.RunAsync("app", "wait", app, "--health", "Healthy", "--sync", "Synced", "--timeout", "30s", "--interval", "200ms");
        var json = await cli.RunAsync("app", "get", app, "-o", "json");
        var yaml = await cli.RunAsync("app", "get", app, "-o", "yaml");
        var table = await cli.RunAsync("app", "get", app);
        var clusters = await cli.RunAsync("cluster", "list", "-o", "json");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.True(wait.ExitCode == 0, wait.ToString());
        var instance = json.Json["instances"]![0]!;
        Assert.Equal(cluster, instance["cluster"]!.GetValue<string>());
        Assert.Equal("Synced", instance["sync"]!.GetValue<string>());
        Assert.Equal("Healthy", instance["health"]!.GetValue<string>());
        Assert.Equal(first, instance["revision"]!.GetValue<string>());
        Assert.Contains($"name: {app}", yaml.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{cluster}\s+{first[..7]}\s+Synced\s+Healthy", table.Stdout);
        Assert.Contains(clusters.Json["items"]!.AsArray(), c => c!["name"]!.GetValue<string>() == cluster && c["labels"]!["env"]!.GetValue<string>() == "cli");

        // Drift made outside Git: without self-heal the instance goes OutOfSync and diff names the field.
        await PatchGreetingAsync(cluster, "edited by hand");
        var diff = await cli.EventuallyAsync(r => r.ExitCode == 1, ["app", "diff", app]);
        var sync = await cli.RunAsync("app", "sync", app);
        var synced = await cli.RunAsync("app", "wait", app, "--sync", "Synced", "--timeout", "30s", "--interval", "200ms");
        var clean = await cli.EventuallyAsync(r => r.ExitCode == 0, ["app", "diff", app, "--cluster", cluster]);

        Assert.True(diff.ExitCode == 1, diff.ToString());
        Assert.Contains($"ConfigMap/default/settings", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("greeting", diff.Stdout, StringComparison.Ordinal);
        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.True(synced.ExitCode == 0, synced.ToString());
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Contains("in sync", clean.Stdout, StringComparison.Ordinal);

        // A new commit is followed; rollback pins the first revision; unpin follows Git again.
        silo.Repository.Write($"app/{app}.yaml", SiloProcess.ConfigMap("second").Replace("name: settings", $"name: {app}", StringComparison.Ordinal));
        var second = silo.Repository.Commit($"second for {app}");
        var refresh = await cli.RunAsync("repo", "refresh", repository);
        var moved = await cli.EventuallyAsync(r => Revision(r) == second, ["app", "get", app, "-o", "json"]);
        var rollback = await cli.RunAsync("app", "rollback", app, "--revision", first);
        var pinned = await cli.EventuallyAsync(r => Revision(r) == first && r.Json["instances"]![0]!["pin"] is not null, ["app", "get", app, "-o", "json"]);
        var history = await cli.RunAsync("app", "history", app, "-o", "json");
        var historyTable = await cli.RunAsync("app", "history", app, "--cluster", cluster);
        var unpin = await cli.RunAsync("app", "unpin", app);
        var followed = await cli.EventuallyAsync(r => Revision(r) == second, ["app", "get", app, "-o", "json"]);

        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.True(Revision(moved) == second, moved.ToString());
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.True(Revision(pinned) == first, pinned.ToString());
        var records = history.Json[0]!["history"]!.AsArray();
        Assert.Contains(records, r => r!["revision"]!.GetValue<string>() == second);
        Assert.Contains(records, r => r!["revision"]!.GetValue<string>() == first);
        Assert.Matches($@"(?m)^{cluster}\s+\d+\s+{second[..7]}\s", historyTable.Stdout);
        Assert.True(unpin.ExitCode == 0, unpin.ToString());
        Assert.True(Revision(followed) == second, followed.ToString());

        var delete = await cli.RunAsync("app", "delete", app);
        var gone = await cli.RunAsync("app", "get", app);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Equal(3, gone.ExitCode);
    }

    [Fact]
    public async Task AppWait_DegradedOrNeverMatching_FailsOrTimesOutAndStatusSaysWhy()
    {
        var cli = await LoggedInAsync();
        var (cluster, repository) = await RegisterAsync(cli);
        var app = Unique("broken");
        var create = await cli.RunAsync("app", "create", app, "--repo", repository, "--path", "broken", "--cluster", cluster, "--auto");

        var degraded = await cli.RunAsync("app", "wait", app, "--timeout", "30s", "--interval", "200ms");
        var timeout = await cli.RunAsync("app", "wait", app, "--sync", "Unknown", "--timeout", "1s", "--interval", "200ms");
        var status = await cli.RunAsync("status");
        var statusJson = await cli.RunAsync("status", "-o", "json");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.True(degraded.ExitCode == 1, degraded.ToString());
        Assert.Contains("Degraded", degraded.Stderr, StringComparison.Ordinal);
        Assert.True(timeout.ExitCode == 5, timeout.ToString());
        Assert.Contains($"{cluster}: sync", timeout.Stderr, StringComparison.Ordinal);
        Assert.Contains("(want Unknown)", timeout.Stderr, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{app}\s+{cluster}\s+\w+\s+Degraded\s+ProgressDeadlineExceeded", status.Stdout);
        Assert.Contains(statusJson.Json["problems"]!.AsArray(), p => p!["application"]!.GetValue<string>() == app && p["health"]!.GetValue<string>() == "Degraded");

        Assert.Equal(0, (await cli.RunAsync("app", "delete", app)).ExitCode);
    }

    [Fact]
    public async Task Commands_Failures_ExitWithTheDocumentedCodes()
    {
        var cli = await LoggedInAsync();

        var unknownApp = await cli.RunAsync("app", "get", Unique("missing"));
        var badToken = await cli.RunAsync("app", "list", "--token", "not-the-token");
        var noToken = await new CliRunner().RunAsync("status", "--server", silo.Server);
        var missingFlag = await cli.RunAsync("app", "create", Unique("a"), "--repo", "r");
        var noTargets = await cli.RunAsync("app", "create", Unique("a"), "--repo", "r", "--path", "p");
        var badLabel = await cli.RunAsync("app", "create", Unique("a"), "--repo", "r", "--path", "p", "--selector", "novalue");
        var badName = await cli.RunAsync("repo", "add", "Bad_Name", "--url", silo.Repository.Path);
        var unreachable = await cli.RunAsync("status", "--server", "http://127.0.0.1:9");
        var overriddenByEnv = await new CliRunner(new Dictionary<string, string> { ["FLEET_SERVER"] = silo.Server, ["FLEET_TOKEN"] = silo.AdminToken })
            .RunAsync("cluster", "list");

        Assert.True(unknownApp.ExitCode == 3, unknownApp.ToString());
        Assert.StartsWith("error: Application not found", unknownApp.Stderr, StringComparison.Ordinal);
        Assert.True(badToken.ExitCode == 4, badToken.ToString());
        Assert.True(noToken.ExitCode == 4, noToken.ToString());
        Assert.True(missingFlag.ExitCode == 2, missingFlag.ToString());
        Assert.Contains("--path", missingFlag.Stderr, StringComparison.Ordinal);
        Assert.True(noTargets.ExitCode == 2, noTargets.ToString());
        Assert.True(badLabel.ExitCode == 2, badLabel.ToString());
        Assert.Contains("--selector", badLabel.Stderr, StringComparison.Ordinal);
        Assert.True(badName.ExitCode == 1, badName.ToString());
        Assert.Contains("name:", badName.Stderr, StringComparison.Ordinal);
        Assert.Single(badName.Stderr.TrimEnd().Split('\n'));
        Assert.True(unreachable.ExitCode == 6, unreachable.ToString());
        Assert.True(overriddenByEnv.ExitCode == 0, overriddenByEnv.ToString());
        Assert.StartsWith("NAME", overriddenByEnv.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepoAdd_PasswordFile_SendsTheCredentialsButNeverShowsThem()
    {
        var cli = await LoggedInAsync();
        var name = Unique("r");
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(Path.GetDirectoryName(cli.ConfigPath)!, "password");
        await File.WriteAllTextAsync(file, password + "\n");

        var add = await cli.RunAsync("repo", "add", name, "--url", silo.Repository.Path, "--username", "git", "--password-file", file, "-o", "json");
        var list = await cli.RunAsync("repo", "list", "-o", "wide");
        var remove = await cli.RunAsync("repo", "rm", name);
        var gone = await cli.RunAsync("repo", "get", name);

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.True(add.Json["hasCredentials"]!.GetValue<bool>());
        Assert.DoesNotContain(password, add.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{name}\s", list.Stdout);
        Assert.DoesNotContain(password, list.Stdout, StringComparison.Ordinal);
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal(3, gone.ExitCode);
    }

    private static string? Revision(CliResult result) =>
        result.ExitCode == 0 && result.Json["instances"] is { } instances && instances.AsArray().Count > 0
            ? instances[0]!["revision"]?.GetValue<string>()
            : null;

    private async Task PatchGreetingAsync(string cluster, string greeting)
    {
        using var http = new HttpClient();
        using var content = new StringContent(new JsonObject { ["data"] = new JsonObject { ["greeting"] = greeting } }.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var response = await http.PatchAsync($"{silo.Simulator.ClusterUrl(cluster)}/api/v1/namespaces/default/configmaps/settings", content);
        response.EnsureSuccessStatusCode();
    }
}
