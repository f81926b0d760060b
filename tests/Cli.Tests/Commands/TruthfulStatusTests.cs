using System.Diagnostics;
using Fleet.Cli.Tests.Infrastructure;

namespace Fleet.Cli.Tests.Commands;

/// <summary>
/// The CLI says only what it knows: diff does not answer "in sync" for an instance it could not compare, wait stops
/// at a failure waiting will not fix, and a rollback pin shows wherever an instance's status does.
/// </summary>
[Collection(SiloProcessCollection.Name)]
public sealed class TruthfulStatusTests(SiloProcess silo)
{
    private static readonly TimeSpan EarlyStop = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task AppDiff_RenderFailed_ExitsSevenWithTheReasonInsteadOfInSync()
    {
        var cli = await silo.LoggedInAsync();
        var (cluster, repository) = await silo.RegisterAsync(cli);
        var app = SiloSession.Unique("invalid");
        var create = await cli.RunAsync("app", "create", app, "--repo", repository, "--path", "invalid", "--cluster", cluster, "--auto");

        // Before the render is reported the instance has not compared yet (also exit 7); then the render's failure shows.
        var diff = await cli.EventuallyAsync(r => r.ExitCode != 0 && r.Stdout.Contains("configmap.yaml", StringComparison.Ordinal), ["app", "diff", app]);
        var json = await cli.RunAsync("app", "diff", app, "-o", "json");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.True(diff.ExitCode == 7, diff.ToString());
        Assert.Contains($"cluster {cluster}: cannot tell", diff.Stdout, StringComparison.Ordinal);
        Assert.Contains("configmap.yaml", diff.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("in sync on", diff.Stdout, StringComparison.Ordinal);
        Assert.Equal(7, json.ExitCode);
        Assert.False(json.Json[0]!["compared"]!.GetValue<bool>());
        Assert.NotNull(json.Json[0]!["reason"]);

        Assert.Equal(0, (await cli.RunAsync("app", "delete", app)).ExitCode);
    }

    [Fact]
    public async Task AppWait_RenderFailed_StopsEarlyNamingTheInstanceAndWhy()
    {
        var cli = await silo.LoggedInAsync();
        var (cluster, repository) = await silo.RegisterAsync(cli);
        var app = SiloSession.Unique("invalid");
        await cli.RunAsync("app", "create", app, "--repo", repository, "--path", "invalid", "--cluster", cluster, "--auto");

        var clock = Stopwatch.StartNew();
        var wait = await cli.RunAsync("app", "wait", app, "--timeout", "2m", "--interval", "200ms");
        clock.Stop();

        Assert.True(wait.ExitCode == 1, wait.ToString());
        Assert.True(clock.Elapsed < EarlyStop, $"took {clock.Elapsed}: {wait}");
        Assert.Contains($"on {cluster} failed", wait.Stderr, StringComparison.Ordinal);
        Assert.Contains("configmap.yaml", wait.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await cli.RunAsync("app", "delete", app)).ExitCode);
    }

    [Fact]
    public async Task AppWait_MissingNamespace_StopsEarlyWithSyncFailed()
    {
        var cli = await silo.LoggedInAsync();
        var (cluster, repository) = await silo.RegisterAsync(cli);
        var app = SiloSession.Unique("nons");
        await cli.RunAsync("app", "create", app, "--repo", repository, "--path", "app", "--cluster", cluster, "--namespace", SiloSession.Unique("absent"), "--auto");

        var clock = Stopwatch.StartNew();
        var wait = await cli.RunAsync("app", "wait", app, "--timeout", "2m", "--interval", "200ms");
        clock.Stop();

        Assert.True(wait.ExitCode == 1, wait.ToString());
        Assert.True(clock.Elapsed < EarlyStop, $"took {clock.Elapsed}: {wait}");
        Assert.Contains($"on {cluster} failed: SyncFailed", wait.Stderr, StringComparison.Ordinal);

        await cli.RunAsync("app", "delete", app, "--keep-resources");
    }

    [Fact]
    public async Task Rollback_Pin_ShowsInGetListAndStatus_AndGetListsResources()
    {
        var cli = await silo.LoggedInAsync();
        var (cluster, repository) = await silo.RegisterAsync(cli);
        var app = SiloSession.Unique("pin");
        var revision = (await cli.RunAsync("repo", "get", repository, "-o", "json")).Json["revision"]!.GetValue<string>();
        await cli.RunAsync("app", "create", app, "--repo", repository, "--path", "app", "--cluster", cluster, "--auto");
        var wait = await cli.RunAsync("app", "wait", app, "--timeout", "60s", "--interval", "200ms");

        var unpinnedGet = await cli.RunAsync("app", "get", app);
        var rollback = await cli.RunAsync("app", "rollback", app, "--revision", revision);
        var pinned = await cli.EventuallyAsync(r => r.ExitCode == 0 && r.Json["instances"]![0]!["pin"] is not null, ["app", "get", app, "-o", "json"]);
        var get = await cli.RunAsync("app", "get", app);
        var list = await cli.RunAsync("app", "list");
        var status = await cli.RunAsync("status");
        var statusJson = await cli.RunAsync("status", "-o", "json");

        Assert.True(wait.ExitCode == 0, wait.ToString());
        Assert.Matches($@"(?m)^{cluster}\s+ConfigMap\s+default/settings\s+Synced\s+Healthy\s*$", unpinnedGet.Stdout);
        Assert.DoesNotContain("Pinned", unpinnedGet.Stdout, StringComparison.Ordinal);
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        var by = pinned.Json["instances"]![0]!["pin"]!["by"]!.GetValue<string>();
        Assert.Contains($"fleet app unpin {app}", get.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  {cluster}: pinned at {revision[..7]} by {by} since ", get.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{app}\s.*\s1/1 at {revision[..7]} by {System.Text.RegularExpressions.Regex.Escape(by)}\s+auto\s*$", list.Stdout);
        Assert.DoesNotContain("Every instance is Synced and Healthy", status.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{app}\s+{cluster}\s+{revision[..7]}\s+{System.Text.RegularExpressions.Regex.Escape(by)}\s", status.Stdout);
        Assert.Contains(statusJson.Json["pinned"]!.AsArray(), p => p!["application"]!.GetValue<string>() == app && p["cluster"]!.GetValue<string>() == cluster);

        Assert.Equal(0, (await cli.RunAsync("app", "delete", app)).ExitCode);
    }
}
