using System.Diagnostics;
using Fleet.Engine.ImageAutomation;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.ImageAutomation;
using Fleet.Grains.Runtime;
using Fleet.Grains.Security;
using Fleet.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.ImageAutomation;

/// <summary>Persisted state of an image repository.</summary>
[GenerateSerializer]
public sealed class ImageRepositoryState
{
    /// <summary>The spec without its password.</summary>
    [Id(0)] public ImageRepositorySpec? Spec { get; set; }

    /// <summary>The registry password, encrypted with <see cref="SecretProtector"/>.</summary>
    [Id(1)] public string? ProtectedPassword { get; set; }

    /// <summary>The tags of the last good scan.</summary>
    [Id(2)] public List<string> Tags { get; set; } = [];
    [Id(3)] public bool Scanned { get; set; }
    [Id(4)] public DateTimeOffset? LastScan { get; set; }
    [Id(5)] public Condition? Ready { get; set; }
}

/// <summary>
/// An image repository: scans its registry on a timer at the registered interval (a reminder keeps it active across
/// silo restarts), and at once on register. A failed scan keeps the last good tags and says why in the Ready condition.
/// After every good scan the policies that use it are evaluated (they decide whether anything changed).
/// </summary>
public sealed partial class ImageRepositoryGrain(
    [PersistentState("image-repository", "fleet")] IPersistentState<ImageRepositoryState> state,
    RegistryClient registry,
    SecretProtector protector,
    FleetMetrics metrics,
    TimeProvider time,
    ILogger<ImageRepositoryGrain> logger) : Grain, IImageRepositoryGrain, IRemindable
{
    private const string KeepAliveReminder = "image-repository-scan";
    private IGrainTimer? _scanTimer;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is not null)
        {
            StartTimer();
        }
        return Task.CompletedTask;
    }

    public async Task<ImageRepositoryView> RegisterAsync(ImageRepositorySpec spec)
    {
        var moved = state.State.Spec is { } old && old.Image != spec.Image;
        state.State.Spec = spec with { Password = null };
        state.State.ProtectedPassword = protector.Protect(spec.Password);
        if (moved)
        {
            // Tags of another image must not feed the policies.
            state.State.Tags = [];
            state.State.Scanned = false;
            state.State.Ready = null;
        }
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        await GrainFactory.ImageAutomationDirectory().SetRepositoryAsync(Name);
        _scanTimer?.Dispose();
        _scanTimer = null;
        StartTimer();
        return await ScanAsync();
    }

    public Task<ImageRepositoryView?> GetAsync() => Task.FromResult(state.State.Spec is null ? null : View());

    public Task<ImageTags?> GetTagsAsync() => Task.FromResult(state.State.Spec is { } spec
        ? new ImageTags { Image = spec.Image, Tags = [.. state.State.Tags], Scanned = state.State.Scanned }
        : null);

    public async Task<ImageRepositoryView> ScanAsync()
    {
        var spec = state.State.Spec ?? throw new InvalidOperationException($"image repository {Name} is not registered");
        var started = Stopwatch.GetTimestamp();
        using var activity = FleetMetrics.ActivitySource.StartActivity("registry scan");
        activity?.SetTag("fleet.image_repository", Name);
        string result;
        var scanned = false;
        try
        {
            var reference = ImageReference.TryParse(spec.Image)
                ?? throw new RegistryException(RegistryFailureReasons.Failed, $"\"{spec.Image}\" is not an image name");
            var password = protector.Unprotect(state.State.ProtectedPassword);
            var credentials = spec.Username is null && password is null ? null : new RegistryCredentials(spec.Username, password);
            var tags = await registry.ListTagsAsync(reference, spec.Insecure, credentials, CancellationToken.None);
            state.State.Tags = [.. tags];
            state.State.Scanned = true;
            state.State.LastScan = time.GetUtcNow();
            state.State.Ready = ImageConditions.Ready(state.State.Ready, true, "Scanned", $"Found {tags.Count} tags of {spec.Image}.", time.GetUtcNow());
            result = "Succeeded";
            scanned = true;
        }
        catch (RegistryException e)
        {
            LogScanFailed(logger, Name, e.Reason, e.Message);
            if (ImageConditions.IsNewFailure(state.State.Ready, e.Reason))
            {
                ImageEmit.ScanFailed(this, Name, e.Reason, e.Message);
            }
            var keep = state.State.Scanned ? $" Keeping the {state.State.Tags.Count} tags of the last good scan." : " No scan has succeeded yet.";
            state.State.Ready = ImageConditions.Ready(state.State.Ready, false, e.Reason, e.Message + "." + keep, time.GetUtcNow());
            result = "Failed";
        }
        metrics.RecordImageScan(Name, result, Stopwatch.GetElapsedTime(started));
        activity?.SetTag("fleet.result", result);
        await state.WriteStateAsync();
        if (scanned)
        {
            await EvaluatePoliciesAsync(spec);
        }
        return View();
    }

    public async Task UnregisterAsync()
    {
        _scanTimer?.Dispose();
        _scanTimer = null;
        await this.ForgetReminderAsync(KeepAliveReminder);
        await state.ClearStateAsync();
        state.State = new ImageRepositoryState();
        await GrainFactory.ImageAutomationDirectory().RemoveRepositoryAsync(Name);
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task EvaluatePoliciesAsync(ImageRepositorySpec spec)
    {
        var tags = new ImageTags { Image = spec.Image, Tags = [.. state.State.Tags], Scanned = true };
        var policies = await GrainFactory.ImageAutomationDirectory().GetPoliciesOfAsync(Name);
        // Awaited so a scan that returns has its policies current; a policy never calls back into this grain.
        await Task.WhenAll(policies.Select(p => GrainFactory.GetGrain<IImagePolicyGrain>(p).EvaluateAsync(tags)));
    }

    private void StartTimer()
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, state.State.Spec!.IntervalSeconds));
        // Jitter spreads the scans of many image repositories so they do not hit a registry in step.
        var due = period * (0.5 + Random.Shared.NextDouble());
        _scanTimer ??= this.RegisterGrainTimer(async _ => await ScanAsync(),
            new GrainTimerCreationOptions { DueTime = due, Period = period, Interleave = false, KeepAlive = true });
    }

    private ImageRepositoryView View()
    {
        var spec = state.State.Spec!;
        return new ImageRepositoryView
        {
            Name = Name,
            Image = spec.Image,
            IntervalSeconds = spec.IntervalSeconds,
            HasCredentials = spec.Username is not null || state.State.ProtectedPassword is not null,
            Insecure = spec.Insecure,
            TagCount = state.State.Tags.Count,
            SampleTags = [.. state.State.Tags.TakeLast(10)],
            LastScan = state.State.LastScan,
            Conditions = state.State.Ready is null ? [] : [state.State.Ready],
        };
    }

    [LoggerMessage(EventId = 1900, Level = LogLevel.Warning, Message = "Scanning image repository {ImageRepository} failed ({Reason}): {Message}")]
    private static partial void LogScanFailed(ILogger logger, string imageRepository, string reason, string message);
}
