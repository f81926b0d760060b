using System.Net.Http.Headers;
using System.Net;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces.Notifications;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Runtime;
using Fleet.Grains.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Notifications;

/// <summary>A sink as stored: its URL and secret only as ciphertext.</summary>
[GenerateSerializer]
public sealed class StoredSink
{
    [Id(0)] public string Type { get; set; } = NotificationNames.Webhook;
    [Id(1)] public string ProtectedUrl { get; set; } = "";
    [Id(2)] public string UrlHost { get; set; } = "";
    [Id(3)] public string? ProtectedSecret { get; set; }
    [Id(4)] public List<string> Triggers { get; set; } = [];
    [Id(5)] public string? Application { get; set; }
    [Id(6)] public string? Cluster { get; set; }
    [Id(7)] public int? Throttle { get; set; }
}

/// <summary>Persisted state of a sink: spec, journal cursor and delivery status.</summary>
[GenerateSerializer]
public sealed class NotificationSinkState
{
    [Id(0)] public StoredSink? Sink { get; set; }
    [Id(1)] public DeliveryStatus Status { get; set; } = new();
}

/// <summary>
/// A notification sink. A grain timer reads the journal from the sink's cursor; matching events are de-duplicated
/// and throttled in memory (a re-activated sink starts those windows afresh) and delivered one message each, with
/// retries after Fleet's shared jittered backoff. A reminder brings the sink back after a silo loss; the cursor is persisted, so
/// it resumes where it stopped (events evicted meanwhile are lost).
/// </summary>
public sealed partial class NotificationSinkGrain(
    [PersistentState("notification-sink", "fleet")] IPersistentState<NotificationSinkState> state,
    SecretProtector protector,
    IHttpClientFactory http,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationSinkGrain> logger) : Grain, INotificationSinkGrain, IRemindable
{
    /// <summary>The name of the HTTP client deliveries use.</summary>
    public const string HttpClientName = "fleet-notifications";

    private const string KeepAliveReminder = "notification-keepalive";

    private readonly DeliveryGate _gate = new(options.Value.DedupeWindow);
    private IGrainTimer? _poll;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Sink is not null)
        {
            StartPolling();
        }
        return Task.CompletedTask;
    }

    public async Task<NotificationSinkView> ConfigureAsync(NotificationSinkSpec spec)
    {
        var isNew = state.State.Sink is null;
        state.State.Sink = new StoredSink
        {
            Type = spec.Type,
            ProtectedUrl = protector.Protect(spec.Url)!,
            UrlHost = new Uri(spec.Url).Host,
            ProtectedSecret = protector.Protect(spec.Secret),
            Triggers = [.. spec.Triggers],
            Application = spec.Application,
            Cluster = spec.Cluster,
            Throttle = spec.Throttle,
        };
        if (isNew)
        {
            // A new sink reports what happens from now on, not the journal's past.
            var last = await GrainFactory.EventJournal().GetLastSequenceAsync();
            state.State.Status = new DeliveryStatus { Cursor = last };
        }
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        StartPolling();
        return View();
    }

    public Task<NotificationSinkView?> GetAsync() => Task.FromResult(state.State.Sink is null ? null : View());

    public async Task<bool> DeleteAsync()
    {
        if (state.State.Sink is null)
        {
            return false;
        }
        _poll?.Dispose();
        _poll = null;
        await this.ForgetReminderAsync(KeepAliveReminder);
        await state.ClearStateAsync();
        state.State = new NotificationSinkState();
        DeactivateOnIdle();
        return true;
    }

    // Activation (which the reminder causes) already started polling.
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private void StartPolling() =>
        _poll ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions
        {
            DueTime = options.Value.PollInterval,
            Period = options.Value.PollInterval,
            Interleave = false,
            KeepAlive = true,
        });

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (state.State.Sink is not { } sink)
        {
            return;
        }
        var page = await GrainFactory.EventJournal().ReadAsync(state.State.Status.Cursor, 500, TimeSpan.Zero);
        var now = time.GetUtcNow();
        var status = state.State.Status;
        var messages = new List<(FleetEvent? Event, long More)>();
        foreach (var e in page.Events)
        {
            if (!NotificationRules.IsTriggered(sink.Triggers, e) || !NotificationRules.PassesFilters(sink.Application, sink.Cluster, e))
            {
                continue;
            }
            switch (_gate.Decide(e, sink.Throttle, now))
            {
                case GateDecision.Send:
                    messages.Add((e, 0));
                    break;
                case GateDecision.Duplicate:
                    status = status with { Deduplicated = status.Deduplicated + 1 };
                    break;
                case GateDecision.Held:
                    status = status with { Throttled = status.Throttled + 1 };
                    break;
            }
        }
        var more = _gate.TakeSummary(sink.Throttle, now);
        if (more > 0)
        {
            messages.Add((null, more));
        }
        var cursor = page.Events.Count > 0 ? page.Events[^1].Sequence : status.Cursor;
        if (messages.Count == 0 && status == state.State.Status && cursor == status.Cursor)
        {
            return;
        }
        state.State.Status = status with { Cursor = cursor };
        foreach (var (e, held) in messages)
        {
            await DeliverAsync(sink, e, held);
        }
        await state.WriteStateAsync();
    }

    private async Task DeliverAsync(StoredSink sink, FleetEvent? e, long more)
    {
        var url = protector.Unprotect(sink.ProtectedUrl)!;
        var secret = protector.Unprotect(sink.ProtectedSecret);
        var body = sink.Type == NotificationNames.Slack ? NotificationRules.SlackBody(e, more) : NotificationRules.WebhookBody(Name, e, more);
        var client = http.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= Math.Max(1, options.Value.MaxAttempts); attempt++)
        {
            int? code = null;
            string reason;
            var retry = true;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                if (sink.Type == NotificationNames.Webhook && secret is not null)
                {
                    request.Headers.Add("X-Fleet-Signature", NotificationRules.Signature(secret, body));
                }
                using var timeout = new CancellationTokenSource(options.Value.RequestTimeout);
                using var response = await client.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    var status = state.State.Status;
                    state.State.Status = status with { Delivered = status.Delivered + 1, LastSuccess = time.GetUtcNow(), ConsecutiveFailures = 0 };
                    return;
                }
                code = (int)response.StatusCode;
                reason = $"The receiver answered {code} {response.ReasonPhrase}.";
                // A request the receiver rejects as such will not succeed when repeated.
                retry = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            }
            catch (OperationCanceledException)
            {
                reason = $"No answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s.";
            }
            catch (HttpRequestException x)
            {
                reason = $"The request failed: {x.Message}";
            }
            var failed = state.State.Status;
            state.State.Status = failed with
            {
                LastFailure = time.GetUtcNow(),
                LastFailureStatusCode = code,
                LastFailureReason = reason,
                ConsecutiveFailures = failed.ConsecutiveFailures + 1,
                FailedAttempts = failed.FailedAttempts + 1,
            };
            LogDeliveryFailed(logger, Name, attempt, reason);
            if (!retry || attempt >= options.Value.MaxAttempts)
            {
                break;
            }
            // Awaited within the poll: the default attempts span seconds, and the next poll waits for this one anyway.
            await Task.Delay(options.Value.Backoff.Delay(attempt - 1), time);
        }
        state.State.Status = state.State.Status with { Failed = state.State.Status.Failed + 1 };
    }

    private NotificationSinkView View()
    {
        var sink = state.State.Sink!;
        return new NotificationSinkView
        {
            Name = Name,
            Type = sink.Type,
            UrlHost = sink.UrlHost,
            HasSecret = sink.ProtectedSecret is not null,
            Triggers = sink.Triggers,
            Application = sink.Application,
            Cluster = sink.Cluster,
            Throttle = sink.Throttle,
            Status = state.State.Status,
        };
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Notification sink {Sink}: attempt {Attempt} failed: {Reason}")]
    private static partial void LogDeliveryFailed(ILogger logger, string sink, int attempt, string reason);
}
