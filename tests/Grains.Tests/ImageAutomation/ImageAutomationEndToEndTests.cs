using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces.ImageAutomation;
using Fleet.Grains.Tests.EndToEnd;
using Fleet.Grains.Tests.Infrastructure;
using static Fleet.Grains.Tests.EndToEnd.GitOpsScenario;

namespace Fleet.Grains.Tests.ImageAutomation;

/// <summary>
/// The whole pull pipeline: a tag pushed to a real registry ends, with nobody touching Git, in a commit by Fleet and
/// the new image Synced and Healthy on every targeted cluster.
/// </summary>
[Collection(FleetClusterCollection.Name)]
public sealed class ImageAutomationEndToEndTests(FleetCluster fleet, OciRegistry registry) : IClassFixture<OciRegistry>
{
    [Fact]
    public async Task PushedTag_RollsOutThroughGitToEveryTargetedCluster()
    {
        var images = new ImageAutomationScenario(fleet, registry);
        await images.PushTagAsync("1.0.0");
        var gitops = new GitOpsScenario(fleet);
        var deployment = SampleManifests.Deployment("web", image: $"{images.Image}:1.0.0")
            .Replace($"image: {images.Image}:1.0.0", $"image: {images.Image}:1.0.0 {images.Marker()}", StringComparison.Ordinal);
        var first = await gitops.CreateRepositoryAsync(new Dictionary<string, string> { ["app/deployment.yaml"] = deployment });
        var a = await gitops.AddClusterAsync();
        var b = await gitops.AddClusterAsync();
        await gitops.PutApplicationAsync();
        Assert.True(SyncedAndHealthy((await gitops.WaitForInstanceAsync(a, v => SyncedAndHealthy(v, first)))!, first));

        // Scans every second on its own timer: after the registrations below, nothing but the registry changes.
        await images.RegisterImageRepositoryAsync(intervalSeconds: 1);
        await images.RegisterPolicyAsync();
        var idle = await images.RegisterUpdateAsync(gitops.RepositoryName);
        Assert.Null(idle.LastPushedCommit); // the tag in Git is already the latest: nothing to commit
        Assert.Equal(first, GitCli.Run(gitops.Repository.BarePath, "rev-parse", "main"));

        await images.PushTagAsync("1.1.0");

        var update = await ImageAutomationScenario.EventuallyAsync(images.UpdateAsync, u => u.LastPushedCommit is not null);
        var pushed = update.LastPushedCommit;
        Assert.True(pushed is not null, string.Join("; ", update.Conditions.Select(c => c.Message)));
        foreach (var cluster in new[] { a, b })
        {
            var view = await gitops.WaitForInstanceAsync(cluster, v => SyncedAndHealthy(v, pushed));
            Assert.True(SyncedAndHealthy(view!, pushed), Describe(view));
            var live = await gitops.LiveAsync(cluster, "/apis/apps/v1/namespaces/default/deployments/web");
            Assert.Equal($"{images.Image}:1.1.0", live!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        }
        Assert.Equal("Fleet", GitCli.Run(gitops.Repository.BarePath, "log", "-1", "--format=%an", "main"));
        var events = await images.EventsAsync($"imageupdate/{images.Update}");
        Assert.Contains(events, e => e.Kind == FleetEventKind.ImageUpdatePushed && e.Revision == pushed);

        // Fleet's own commit is synced, never updated again: another run finds every value current and commits nothing.
        var again = await fleet.Grains.GetGrain<IImageUpdateGrain>(images.Update).RunAsync();
        Assert.Equal("UpToDate", again.Conditions.Single().Reason);
        Assert.Equal(pushed, GitCli.Run(gitops.Repository.BarePath, "rev-parse", "main"));

        // Its one-second scans would go on for the rest of the collection.
        await fleet.Grains.GetGrain<IImageRepositoryGrain>(images.ImageRepository).UnregisterAsync();
    }
}
