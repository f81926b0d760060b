using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces.ImageAutomation;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.ImageAutomation;

/// <summary>One test's image automation objects on the shared Fleet cluster, named uniquely, with waits on deadlines.</summary>
public sealed class ImageAutomationScenario(FleetCluster fleet, OciRegistry registry)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    public string Policy { get; } = fleet.UniqueName("web");

    public string ImageRepository { get; } = fleet.UniqueName("img");

    public string Update { get; } = fleet.UniqueName("upd");

    /// <summary>The image path in the registry, unique to the test.</summary>
    public string Path { get; } = "team/" + fleet.UniqueName("web");

    public string Image => $"{registry.Host}/{Path}";

    public Task PushTagAsync(string tag) => registry.PushAsync(Path, tag);

    public Task<ImageRepositoryView> RegisterImageRepositoryAsync(int intervalSeconds = 3600) =>
        fleet.Grains.GetGrain<IImageRepositoryGrain>(ImageRepository).RegisterAsync(new ImageRepositorySpec
        {
            Image = Image,
            IntervalSeconds = intervalSeconds,
            Insecure = true,
        });

    public Task<ImagePolicyView> RegisterPolicyAsync(string range = ">=1.0.0 <2.0.0") =>
        fleet.Grains.GetGrain<IImagePolicyGrain>(Policy).RegisterAsync(new ImagePolicySpec
        {
            ImageRepository = ImageRepository,
            Rule = new TagRule { SemverRange = range },
        });

    public Task<ImageUpdateView> RegisterUpdateAsync(string repository, string path = "app", string? pushBranch = null) =>
        fleet.Grains.GetGrain<IImageUpdateGrain>(Update).RegisterAsync(new ImageUpdateSpec
        {
            Repository = repository,
            Branch = "main",
            Path = path,
            Author = new CommitAuthor { Name = "Fleet", Email = "fleet@example.com" },
            PushBranch = pushBranch,
        });

    public async Task<ImageUpdateView> UpdateAsync() => (await fleet.Grains.GetGrain<IImageUpdateGrain>(Update).GetAsync())!;

    /// <summary>A marker line for this test's policy.</summary>
    public string Marker(string suffix = "") => $"# {{\"$imagepolicy\": \"{Policy}{suffix}\"}}";

    /// <summary>The journal's events about <paramref name="subject"/> so far.</summary>
    public async Task<IReadOnlyList<FleetEvent>> EventsAsync(string subject)
    {
        var page = await fleet.Grains.EventJournal().ReadAsync(0, 10_000, TimeSpan.Zero);
        return [.. page.Events.Where(e => e.Subject == subject)];
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var value = await probe();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await probe();
        }
        return value;
    }
}
