using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Fleet.Engine.Status;
using Fleet.Grains.Charts;
using Fleet.Grains.Git;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Runtime;
using Fleet.Grains.Security;
using Fleet.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Repositories;

/// <summary>Persisted state of a repository.</summary>
[GenerateSerializer]
public sealed class RepositoryState
{
    [Id(0)] public RepositorySpec? Spec { get; set; }
    [Id(1)] public string? Head { get; set; }
    [Id(2)] public DateTimeOffset? LastFetch { get; set; }
    [Id(3)] public Condition? Ready { get; set; }
    [Id(4)] public SortedSet<string> Subscribers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The Git password or token, encrypted with <see cref="SecretProtector"/> (the spec holds none).</summary>
    [Id(5)] public string? ProtectedPassword { get; set; }

    /// <summary>The webhook secret, encrypted with <see cref="SecretProtector"/> (the spec holds none).</summary>
    [Id(6)] public string? ProtectedWebhookSecret { get; set; }

    /// <summary>Whether the repository index knows this repository (false for state written before the index existed).</summary>
    [Id(7)] public bool Indexed { get; set; }

    /// <summary>A Helm repository's charts as last read successfully; kept while the repository is down.</summary>
    [Id(8)] public ChartIndex? Charts { get; set; }

    /// <summary>The ETag of the last index.yaml read, for If-None-Match.</summary>
    [Id(9)] public string? IndexETag { get; set; }

    /// <summary>The charts applications asked an OCI registry for: a registry has no index, so these are the ones polled.</summary>
    [Id(10)] public SortedSet<string> AskedCharts { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A registered Git repository, or a Helm repository (<c>RepositoryGrain.Helm.cs</c>). Polls with jitter (and at once
/// on refresh), keeps the last good revision when the remote is down (with a condition saying why), and renders on
/// demand through <see cref="RenderCache"/>.
/// Render and resolve calls interleave: they only read state and share in-flight work.
/// </summary>
public sealed partial class RepositoryGrain(
    [PersistentState("repository", "fleet")] IPersistentState<RepositoryState> state,
    IGitMirror mirror,
    RenderCache renders,
    ChartStore charts,
    ChartSourceClient chartSources,
    SecretProtector protector,
    FleetMetrics metrics,
    TimeProvider time,
    ILogger<RepositoryGrain> logger) : Grain, IRepositoryGrain, IRemindable
{
    private const string PollReminder = "repository-poll";
    private IGrainTimer? _pollTimer;
    private Task<RepositoryView>? _refreshing;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Spec is { } spec)
        {
            StartPolling();
            if (!state.State.Indexed)
            {
                // Repositories registered before the index existed join it on their next activation (the poll
                // reminder activates every repository within minutes).
                await GrainFactory.RepositoryIndex().SetAsync(Name, spec.Url, spec.Branch);
                state.State.Indexed = true;
                await state.WriteStateAsync();
            }
        }
    }

    public async Task<RepositoryView> RegisterAsync(RepositorySpec spec)
    {
        var moved = state.State.Spec is { } old && (old.Url != spec.Url || old.Branch != spec.Branch || old.IsHelm() != spec.IsHelm());
        // Secrets go into state only as ciphertext; the stored spec carries none.
        state.State.Spec = spec with { Password = null, WebhookSecret = null };
        state.State.ProtectedPassword = protector.Protect(spec.Password);
        state.State.ProtectedWebhookSecret = protector.Protect(spec.WebhookSecret);
        if (moved)
        {
            state.State.Head = null;
            state.State.Charts = null;
            state.State.IndexETag = null;
        }
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(PollReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        await GrainFactory.FleetDirectory().AddRepositoryAsync(Name);
        await GrainFactory.RepositoryIndex().SetAsync(Name, spec.Url, spec.Branch);
        if (!state.State.Indexed)
        {
            state.State.Indexed = true;
            await state.WriteStateAsync();
        }
        _pollTimer?.Dispose();
        _pollTimer = null;
        StartPolling();
        return await RefreshAsync();
    }

    public Task<RepositoryView?> GetAsync() => Task.FromResult(state.State.Spec is null ? null : View());

    public async Task UnregisterAsync()
    {
        _pollTimer?.Dispose();
        _pollTimer = null;
        await this.ForgetReminderAsync(PollReminder);
        await state.ClearStateAsync();
        state.State = new RepositoryState();
        await GrainFactory.FleetDirectory().RemoveRepositoryAsync(Name);
        await GrainFactory.RepositoryIndex().RemoveAsync(Name);
        DeactivateOnIdle();
    }

    public Task<RepositoryView> RefreshAsync()
    {
        // Concurrent refreshes (poll timer, webhook, API) share one fetch.
        _refreshing ??= RefreshCoreAsync();
        return _refreshing;
    }

    public async Task<string> ResolveAsync(string? revision)
    {
        var spec = Spec();
        if (spec.IsHelm())
        {
            throw new InvalidOperationException($"repository {Name} is a Helm repository: its applications name a chart and a version, not a Git revision");
        }
        if (string.IsNullOrEmpty(revision) || revision == spec.Branch)
        {
            if (state.State.Head is null)
            {
                await RefreshAsync();
            }
            return state.State.Head ?? throw new InvalidOperationException(state.State.Ready?.Message ?? $"repository {Name} has no fetched revision yet");
        }
        return await mirror.ResolveAsync(Source(spec), revision, CancellationToken.None);
    }

    public Task<RenderOutcome> RenderAsync(string commit, string path, RenderTarget target, HelmRelease release, IReadOnlyList<string> remoteSources) =>
        Spec().IsHelm()
            ? throw new InvalidOperationException($"repository {Name} is a Helm repository: its applications name a chart, not a path")
            : renders.RenderAsync(Source(Spec()), commit, path, target, release, remoteSources);

    public async Task SubscribeAsync(string application)
    {
        if (state.State.Subscribers.Add(application))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task UnsubscribeAsync(string application)
    {
        if (state.State.Subscribers.Remove(application))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<bool> VerifyWebhookAsync(WebhookProof proof)
    {
        var secret = protector.Unprotect(state.State.ProtectedWebhookSecret) ?? state.State.Spec?.WebhookSecret;
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(proof.Value))
        {
            return Task.FromResult(false);
        }
        var key = Encoding.UTF8.GetBytes(secret);
        byte[] expected;
        byte[] presented;
        if (proof.Kind == WebhookProofKind.HmacSha256)
        {
            expected = HMACSHA256.HashData(key, proof.Body);
            try
            {
                presented = Convert.FromHexString(proof.Value);
            }
            catch (FormatException)
            {
                return Task.FromResult(false);
            }
        }
        else
        {
            // Hash both sides so the fixed-time compare also hides the secret's length.
            expected = SHA256.HashData(key);
            presented = SHA256.HashData(Encoding.UTF8.GetBytes(proof.Value));
        }
        return Task.FromResult(CryptographicOperations.FixedTimeEquals(expected, presented));
    }

    public Task<RepositoryAccess?> GetAccessAsync()
    {
        if (state.State.Spec is not { } spec)
        {
            return Task.FromResult<RepositoryAccess?>(null);
        }
        var source = Source(spec);
        return Task.FromResult<RepositoryAccess?>(new RepositoryAccess
        {
            Url = spec.Url,
            Branch = spec.Branch,
            Username = source.Credentials?.Username,
            Password = source.Credentials?.Password,
        });
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task<RepositoryView> RefreshCoreAsync()
    {
        try
        {
            var spec = Spec();
            if (spec.IsHelm())
            {
                return await RefreshChartsAsync(spec);
            }
            var source = Source(spec);
            string? changedTo = null;
            var started = Stopwatch.GetTimestamp();
            using var activity = FleetMetrics.ActivitySource.StartActivity("git fetch");
            activity?.SetTag("fleet.repository", Name);
            var result = "Unchanged";
            try
            {
                var remote = await mirror.RemoteHeadAsync(source, CancellationToken.None);
                if (remote != state.State.Head)
                {
                    var fetched = await mirror.FetchAsync(source, CancellationToken.None);
                    changedTo = fetched;
                    state.State.Head = fetched;
                    result = "Fetched";
                }
                state.State.LastFetch = time.GetUtcNow();
                SetReady("True", "Fetched", $"Tracking {spec.Branch} at {Short(state.State.Head)}.");
            }
            catch (GitException e)
            {
                LogFetchFailed(logger, Name, e.Reason, e.Message);
                var keep = state.State.Head is null ? "No revision has been fetched yet." : $"Still using the last good revision {Short(state.State.Head)}.";
                SetReady("False", e.Reason, $"{e.Message} {keep}");
                result = "Failed";
            }
            metrics.RecordGitFetch(Name, result, Stopwatch.GetElapsedTime(started));
            activity?.SetTag("fleet.result", result);
            activity?.SetTag("fleet.revision", state.State.Head);
            await state.WriteStateAsync();
            if (changedTo is not null)
            {
                TellSubscribers(changedTo);
            }
            return View();
        }
        finally
        {
            _refreshing = null;
        }
    }

    private void TellSubscribers(string revision)
    {
        foreach (var application in state.State.Subscribers)
        {
            _ = GrainFactory.GetGrain<IApplicationGrain>(application).OnRevisionAsync(revision);
        }
    }

    private void SetReady(string status, string reason, string message)
    {
        var previous = state.State.Ready;
        state.State.Ready = new Condition
        {
            Type = "Ready",
            Status = status,
            Reason = reason,
            Message = message,
            LastTransitionTime = previous?.Status == status ? previous.LastTransitionTime : time.GetUtcNow(),
        };
    }

    private void StartPolling()
    {
        var spec = state.State.Spec!;
        var period = TimeSpan.FromSeconds(Math.Max(1, spec.PollIntervalSeconds));
        // Jitter spreads the polls of many repositories so they do not hit Git servers in step.
        var due = period * (0.5 + Random.Shared.NextDouble());
        _pollTimer ??= this.RegisterGrainTimer(async _ => await RefreshAsync(),
            new GrainTimerCreationOptions { DueTime = due, Period = period, Interleave = false, KeepAlive = true });
    }

    private RepositorySpec Spec() => state.State.Spec ?? throw new InvalidOperationException($"repository {Name} is not registered");

    private GitSource Source(RepositorySpec spec)
    {
        // Older state kept the password in the spec; newer state keeps it encrypted beside it.
        var password = protector.Unprotect(state.State.ProtectedPassword) ?? spec.Password;
        return new(spec.Url, spec.Branch, spec.Username is null && password is null ? null : new GitCredentials(spec.Username, password));
    }

    private static string Short(string? sha) => sha is null ? "(none)" : sha[..Math.Min(12, sha.Length)];

    private RepositoryView View()
    {
        var spec = state.State.Spec!;
        return new RepositoryView
        {
            Name = Name,
            Url = spec.Url,
            Branch = spec.Branch,
            PollIntervalSeconds = spec.PollIntervalSeconds,
            HasCredentials = spec.Username is not null || spec.Password is not null || state.State.ProtectedPassword is not null,
            HasWebhookSecret = state.State.ProtectedWebhookSecret is not null || spec.WebhookSecret is not null,
            Revision = state.State.Head,
            LastFetch = state.State.LastFetch,
            Conditions = state.State.Ready is null ? [] : [state.State.Ready],
            Type = spec.Type ?? RepositoryTypes.Git,
            Insecure = spec.Insecure,
            Charts = spec.IsHelm() ? ChartVersions() : null,
        };
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Fetching repository {Repository} failed ({Reason}): {Message}")]
    private static partial void LogFetchFailed(ILogger logger, string repository, string reason, string message);
}
