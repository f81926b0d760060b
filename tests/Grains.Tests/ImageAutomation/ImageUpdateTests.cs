using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces.ImageAutomation;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.ImageAutomation.ImageAutomationScenario;

namespace Fleet.Grains.Tests.ImageAutomation;

/// <summary>
/// Image repositories, policies and updates on a real Orleans cluster, with a real registry (umoci + skopeo images)
/// and a real Git server that accepts pushes.
/// </summary>
[Collection(FleetClusterCollection.Name)]
public sealed class ImageUpdateTests(FleetCluster fleet, OciRegistry registry) : IClassFixture<OciRegistry>
{
    private async Task<(TestRepository Repository, string Name)> RepositoryAsync(IReadOnlyDictionary<string, string> files)
    {
        var name = fleet.UniqueName("cfg");
        var repository = fleet.Git.CreateRepository(name);
        foreach (var (path, text) in files)
        {
            repository.WriteFile(path, text);
        }
        repository.Commit("initial");
        await fleet.Grains.GetGrain<IRepositoryGrain>(name).RegisterAsync(new RepositorySpec { Url = repository.Url, Branch = "main", PollIntervalSeconds = 3600 });
        return (repository, name);
    }

    private static string Show(TestRepository repository, string what) => GitCli.Run(repository.BarePath, "show", what);

    private static string Head(TestRepository repository) => GitCli.Run(repository.BarePath, "rev-parse", "refs/heads/main");

    [Fact]
    public async Task Scan_SemverPolicy_PicksTheHighestTagInRangeAndEmitsAnEvent()
    {
        var s = new ImageAutomationScenario(fleet, registry);
        foreach (var tag in new[] { "1.0.0", "1.4.0", "1.5.0-rc.1", "2.0.0", "latest" })
        {
            await s.PushTagAsync(tag);
        }

        var repository = await s.RegisterImageRepositoryAsync();
        var policy = await s.RegisterPolicyAsync();

        Assert.Equal(5, repository.TagCount);
        Assert.Equal("1.4.0", policy.LatestTag);
        Assert.Equal($"{s.Image}:1.4.0", policy.LatestImage);
        var events = await EventuallyAsync(() => s.EventsAsync($"imagepolicy/{s.Policy}"), e => e.Count > 0);
        Assert.Contains(events, e => e.Kind == FleetEventKind.ImagePolicyChanged && e.Message.Contains("1.4.0", StringComparison.Ordinal));

        // Prereleases only when the range opts in.
        var withPrereleases = await s.RegisterPolicyAsync(">=1.0.0-0 <2.0.0");
        Assert.Equal("1.5.0-rc.1", withPrereleases.LatestTag);
        Assert.Equal("1.4.0", withPrereleases.PreviousTag);
    }

    [Fact]
    public async Task Scan_RegistryDown_KeepsTheLastGoodTagsAndSaysWhy()
    {
        var own = new OciRegistry();
        await own.InitializeAsync();
        try
        {
            var s = new ImageAutomationScenario(fleet, own);
            await s.PushTagAsync("1.0.0");
            var grain = fleet.Grains.GetGrain<IImageRepositoryGrain>(s.ImageRepository);
            await s.RegisterImageRepositoryAsync();
            await s.RegisterPolicyAsync();

            await own.StopAsync();
            var down = await grain.ScanAsync();

            Assert.Equal(1, down.TagCount);
            var ready = Assert.Single(down.Conditions);
            Assert.Equal(("False", "RegistryUnreachable"), (ready.Status, ready.Reason));
            Assert.Contains("Keeping the 1 tags", ready.Message, StringComparison.Ordinal);
            Assert.Equal("1.0.0", (await fleet.Grains.GetGrain<IImagePolicyGrain>(s.Policy).GetAsync())!.LatestTag);
            var events = await EventuallyAsync(() => s.EventsAsync($"imagerepository/{s.ImageRepository}"), e => e.Count > 0);
            Assert.Contains(events, e => e.Kind == FleetEventKind.ImageScanFailed);

            await own.StartAsync();
            var back = await grain.ScanAsync();
            Assert.Equal("True", back.Conditions.Single().Status);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task Run_SeveralMarkersInSeveralFiles_OneCommitListingEachChangeAndOtherBytesKept()
    {
        var s = new ImageAutomationScenario(fleet, registry);
        await s.PushTagAsync("1.0.0");
        await s.PushTagAsync("1.1.0");
        var deployment = $"# the web tier\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n" +
            $"      - name: web  # front\n        image: \"{s.Image}:1.0.0\" {s.Marker()}\n      - name: sidecar\n        image: busybox:1.36\n";
        var values = $"image:\n  repository: old/name {s.Marker(":name")}\n  tag: '1.0.0'   {s.Marker(":tag")}\n";
        var outside = $"image: {s.Image}:1.0.0 {s.Marker()}\n";
        var (repository, name) = await RepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = deployment,
            ["app/chart/values.yml"] = values,
            ["other/deployment.yaml"] = outside,
        });
        await s.RegisterImageRepositoryAsync();
        await s.RegisterPolicyAsync();

        var view = await s.RegisterUpdateAsync(name);

        Assert.True(view.LastPushedCommit is not null, string.Join("; ", view.Conditions.Select(c => c.Message)));
        Assert.Equal(view.LastPushedCommit, Head(repository));
        Assert.Equal(deployment.Replace(":1.0.0\"", ":1.1.0\"", StringComparison.Ordinal), Show(repository, "main:app/deployment.yaml") + "\n");
        Assert.Equal(values.Replace("old/name", s.Image, StringComparison.Ordinal).Replace("'1.0.0'", "'1.1.0'", StringComparison.Ordinal),
            Show(repository, "main:app/chart/values.yml") + "\n");
        Assert.Equal(outside, Show(repository, "main:other/deployment.yaml") + "\n");
        var message = GitCli.Run(repository.BarePath, "log", "-1", "--format=%an <%ae>%n%B", "main");
        Assert.StartsWith("Fleet <fleet@example.com>", message, StringComparison.Ordinal);
        Assert.Contains($"app/deployment.yaml: {s.Image}:1.0.0 -> {s.Image}:1.1.0", message, StringComparison.Ordinal);
        Assert.Contains($"app/chart/values.yml: old/name -> {s.Image}", message, StringComparison.Ordinal);
        Assert.Contains("app/chart/values.yml: 1.0.0 -> 1.1.0", message, StringComparison.Ordinal);
        Assert.Equal(3, view.LastChanges.Count);

        // Nothing to do when every value is current: no second commit.
        var again = await fleet.Grains.GetGrain<IImageUpdateGrain>(s.Update).RunAsync();
        Assert.Equal(view.LastPushedCommit, Head(repository));
        Assert.Equal("UpToDate", again.Conditions.Single().Reason);
    }

    [Fact]
    public async Task Run_PushRejectedOnce_IsRetriedOnAFreshCloneAndSucceeds()
    {
        var s = new ImageAutomationScenario(fleet, registry);
        await s.PushTagAsync("1.2.0");
        var (repository, name) = await RepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = $"image: {s.Image}:1.0.0 {s.Marker()}\n",
        });
        InstallPreReceiveHook(repository, declinePushes: 1);
        await s.RegisterImageRepositoryAsync();
        await s.RegisterPolicyAsync();

        var view = await s.RegisterUpdateAsync(name);

        var ready = view.Conditions.Single();
        Assert.True(ready.Status == "True" && ready.Reason == "Pushed", ready.Message);
        Assert.Contains("(attempt 2)", ready.Message, StringComparison.Ordinal);
        Assert.Equal(view.LastPushedCommit, Head(repository));
    }

    [Fact]
    public async Task Run_PushAlwaysRejected_ReportsAConditionAndNeverForces()
    {
        var s = new ImageAutomationScenario(fleet, registry);
        await s.PushTagAsync("1.3.0");
        var (repository, name) = await RepositoryAsync(new Dictionary<string, string>
        {
            ["app/deployment.yaml"] = $"image: {s.Image}:1.0.0 {s.Marker()}\n",
        });
        var before = Head(repository);
        InstallPreReceiveHook(repository, declinePushes: int.MaxValue);
        await s.RegisterImageRepositoryAsync();
        await s.RegisterPolicyAsync();

        var view = await s.RegisterUpdateAsync(name);

        var ready = view.Conditions.Single();
        Assert.Equal(("False", "PushRejected"), (ready.Status, ready.Reason));
        Assert.Contains("rejected the push to main 3 times", ready.Message, StringComparison.Ordinal);
        Assert.Contains("pre-receive hook declined", ready.Message, StringComparison.Ordinal);
        Assert.Null(view.LastPushedCommit);
        Assert.Equal(before, Head(repository));
        var events = await EventuallyAsync(() => s.EventsAsync($"imageupdate/{s.Update}"), e => e.Count > 0);
        Assert.Contains(events, e => e.Kind == FleetEventKind.ImageUpdateFailed && e.Reason == "PushRejected");
    }

    /// <summary>A server-side hook that declines the first <paramref name="declinePushes"/> pushes, as a protected branch does.</summary>
    private static void InstallPreReceiveHook(TestRepository repository, int declinePushes)
    {
        var hook = Path.Combine(repository.BarePath, "hooks", "pre-receive");
        File.WriteAllText(hook, $"""
            #!/bin/sh
            n=$(cat attempts 2>/dev/null || echo 0); n=$((n+1)); echo $n > attempts
            if [ $n -le {declinePushes} ]; then echo "main is a protected branch (attempt $n)" >&2; exit 1; fi
            exit 0
            """.Replace("\r", "", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, File.GetUnixFileMode(hook) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }
}
