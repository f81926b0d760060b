using Fleet.Engine.Status;
using Fleet.Grains.Git;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Interfaces.ImageAutomation;
using Fleet.Grains.Runtime;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.ImageAutomation;

/// <summary>Persisted state of an image update.</summary>
[GenerateSerializer]
public sealed class ImageUpdateState
{
    [Id(0)] public ImageUpdateSpec? Spec { get; set; }
    [Id(1)] public string? LastPushedCommit { get; set; }
    [Id(2)] public DateTimeOffset? LastPushTime { get; set; }
    [Id(3)] public List<ImageChange> LastChanges { get; set; } = [];
    [Id(4)] public DateTimeOffset? LastRun { get; set; }
    [Id(5)] public Condition? Ready { get; set; }
}

/// <summary>
/// An image update: when a policy's latest tag changes (and on a slow timer), clones the branch, rewrites the marked
/// values to the policies' latest images, commits and pushes, then refreshes the Fleet repositories that track the
/// pushed branch so the sync starts at once. Loop-safe by construction: a run is started only by policies and its
/// timer, never by a new commit, and a run that finds every value current commits nothing. Calls are not
/// interleaved, so two runs never race on one branch.
/// </summary>
public sealed partial class ImageUpdateGrain(
    [PersistentState("image-update", "fleet")] IPersistentState<ImageUpdateState> state,
    ImageUpdateWriter writer,
    IOptions<ImageAutomationOptions> options,
    FleetMetrics metrics,
    TimeProvider time,
    ILogger<ImageUpdateGrain> logger) : Grain, IImageUpdateGrain, IRemindable
{
    private const string KeepAliveReminder = "image-update-run";
    private IGrainTimer? _timer;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is not null)
        {
            StartTimer();
        }
        return Task.CompletedTask;
    }

    public async Task<ImageUpdateView> RegisterAsync(ImageUpdateSpec spec)
    {
        state.State.Spec = spec;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        await GrainFactory.ImageAutomationDirectory().SetUpdateAsync(Name);
        StartTimer();
        return await RunAsync();
    }

    public Task<ImageUpdateView?> GetAsync() => Task.FromResult(state.State.Spec is null ? null : View());

    public Task OnPolicyChangedAsync(string policy) => state.State.Spec is null ? Task.CompletedTask : RunAsync();

    public async Task<ImageUpdateView> RunAsync()
    {
        var spec = state.State.Spec ?? throw new InvalidOperationException($"image update {Name} is not registered");
        var now = time.GetUtcNow();
        state.State.LastRun = now;
        using var activity = FleetMetrics.ActivitySource.StartActivity("image update");
        activity?.SetTag("fleet.image_update", Name);
        string result;
        try
        {
            var access = await GrainFactory.GetGrain<IRepositoryGrain>(spec.Repository).GetAccessAsync()
                ?? throw new GitException("RepositoryNotFound", $"no repository named \"{spec.Repository}\" is registered with Fleet");
            var targets = await TargetsAsync();
            var source = new GitSource(access.Url, spec.Branch,
                access.Username is null && access.Password is null ? null : new GitCredentials(access.Username, access.Password));
            var outcome = await writer.RunAsync(source, spec, targets, CancellationToken.None);
            if (outcome.Commit is null)
            {
                result = "Unchanged";
                state.State.Ready = ImageConditions.Ready(state.State.Ready, true, "UpToDate",
                    targets.Count == 0 ? "No image policy has a latest tag yet." : $"Every marked value under '{spec.Path}' on {spec.Branch} is current.", now);
            }
            else
            {
                result = "Pushed";
                state.State.LastPushedCommit = outcome.Commit;
                state.State.LastPushTime = now;
                state.State.LastChanges = [.. outcome.Changes];
                var summary = string.Join(", ", outcome.Changes.Select(c => $"{c.File}: {c.OldValue} -> {c.NewValue}"));
                var message = $"Pushed {outcome.Commit[..12]} to {outcome.PushedBranch}{(outcome.Attempts > 1 ? $" (attempt {outcome.Attempts})" : "")}: {summary}.";
                state.State.Ready = ImageConditions.Ready(state.State.Ready, true, "Pushed", message, now);
                ImageEmit.Pushed(this, Name, outcome.Commit, outcome.PushedBranch, message);
                await RefreshRepositoriesAsync(access, outcome.PushedBranch);
            }
        }
        catch (GitException e)
        {
            result = "Failed";
            LogRunFailed(logger, Name, e.Reason, e.Message);
            if (ImageConditions.IsNewFailure(state.State.Ready, e.Reason))
            {
                ImageEmit.UpdateFailed(this, Name, e.Reason, e.Message);
            }
            state.State.Ready = ImageConditions.Ready(state.State.Ready, false, e.Reason, e.Message, now);
        }
        metrics.CountImageUpdate(Name, result);
        activity?.SetTag("fleet.result", result);
        await state.WriteStateAsync();
        return View();
    }

    public async Task UnregisterAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await this.ForgetReminderAsync(KeepAliveReminder);
        await state.ClearStateAsync();
        state.State = new ImageUpdateState();
        await GrainFactory.ImageAutomationDirectory().RemoveUpdateAsync(Name);
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    /// <summary>What each policy with a latest tag stands for; markers of other policies are left alone.</summary>
    private async Task<IReadOnlyDictionary<string, MarkerTarget>> TargetsAsync()
    {
        var names = await GrainFactory.ImageAutomationDirectory().GetPoliciesAsync();
        var views = await Task.WhenAll(names.Select(n => GrainFactory.GetGrain<IImagePolicyGrain>(n).GetAsync()));
        return views
            .Where(v => v is { Image: not null, LatestTag: not null })
            .ToDictionary(v => v!.Name, v => new MarkerTarget(v!.Image!, v.LatestTag!), StringComparer.Ordinal);
    }

    /// <summary>Every Fleet repository tracking the pushed branch of this remote fetches now (one-way: the sync follows).</summary>
    private async Task RefreshRepositoriesAsync(RepositoryAccess access, string branch)
    {
        var matches = await GrainFactory.RepositoryIndex().FindAsync([access.Url]);
        var names = matches.Where(m => m.Branch == branch).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        if (access.Branch == branch)
        {
            names.Add(state.State.Spec!.Repository);
        }
        foreach (var name in names)
        {
            _ = GrainFactory.GetGrain<IRepositoryGrain>(name).RefreshAsync();
        }
    }

    private void StartTimer()
    {
        var period = options.Value.UpdateInterval;
        _timer ??= this.RegisterGrainTimer(async _ => await RunAsync(),
            new GrainTimerCreationOptions { DueTime = period * (0.5 + Random.Shared.NextDouble()), Period = period, Interleave = false, KeepAlive = true });
    }

    private ImageUpdateView View() => new()
    {
        Name = Name,
        Spec = state.State.Spec!,
        LastPushedCommit = state.State.LastPushedCommit,
        LastPushTime = state.State.LastPushTime,
        LastChanges = [.. state.State.LastChanges],
        LastRun = state.State.LastRun,
        Conditions = state.State.Ready is null ? [] : [state.State.Ready],
    };

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "Image update {ImageUpdate} failed ({Reason}): {Message}")]
    private static partial void LogRunFailed(ILogger logger, string imageUpdate, string reason, string message);
}
