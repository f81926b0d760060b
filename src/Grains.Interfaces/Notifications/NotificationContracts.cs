namespace Fleet.Grains.Interfaces.Notifications;

/// <summary>The names the API accepts for sink types and triggers.</summary>
public static class NotificationNames
{
    /// <summary>A JSON POST signed with HMAC-SHA256.</summary>
    public const string Webhook = "webhook";

    /// <summary>A Slack incoming webhook.</summary>
    public const string Slack = "slack";

    /// <summary>Sink types.</summary>
    public static IReadOnlyList<string> Types { get; } = [Webhook, Slack];

    /// <summary>Live objects drifted from Git.</summary>
    public const string Drift = "drift";

    /// <summary>A sync failed.</summary>
    public const string SyncFailed = "sync-failed";

    /// <summary>An instance became Degraded, or a cluster unreachable.</summary>
    public const string HealthDegraded = "health-degraded";

    /// <summary>Drift healed, an instance back to Healthy from Degraded, a cluster reachable again.</summary>
    public const string Recovered = "recovered";

    /// <summary>Image automation pushed a new image to Git, or a policy's latest tag changed.</summary>
    public const string ImageUpdated = "image-updated";

    /// <summary>Image automation could not scan a registry or push to Git.</summary>
    public const string ImageFailed = "image-failed";

    /// <summary>Triggers.</summary>
    public static IReadOnlyList<string> Triggers { get; } = [Drift, SyncFailed, HealthDegraded, Recovered, ImageUpdated, ImageFailed];
}

/// <summary>A sink as configured through the API; <see cref="Url"/> and <see cref="Secret"/> are plaintext here and
/// are encrypted by the sink grain before they are stored.</summary>
[GenerateSerializer, Immutable, Alias("fleet.NotificationSinkSpec")]
public sealed record NotificationSinkSpec
{
    /// <summary>"webhook" or "slack".</summary>
    [Id(0)] public string Type { get; init; } = NotificationNames.Webhook;

    /// <summary>Where to POST (a secret for Slack).</summary>
    [Id(1)] public string Url { get; init; } = "";

    /// <summary>HMAC key of a webhook; null for none.</summary>
    [Id(2)] public string? Secret { get; init; }

    /// <summary>Which events to send (see <see cref="NotificationNames.Triggers"/>).</summary>
    [Id(3)] public IReadOnlyList<string> Triggers { get; init; } = [];

    /// <summary>Only events of this application, when set.</summary>
    [Id(4)] public string? Application { get; init; }

    /// <summary>Only events of this cluster, when set.</summary>
    [Id(5)] public string? Cluster { get; init; }

    /// <summary>At most this many messages per minute; the rest are summed into one "and K more" message.</summary>
    [Id(6)] public int? Throttle { get; init; }
}

/// <summary>How deliveries of a sink went.</summary>
[GenerateSerializer, Immutable, Alias("fleet.NotificationDeliveryStatus")]
public sealed record DeliveryStatus
{
    /// <summary>When a message was last accepted by the receiver.</summary>
    [Id(0)] public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>When an attempt last failed.</summary>
    [Id(1)] public DateTimeOffset? LastFailure { get; init; }

    /// <summary>HTTP status of the last failed attempt; null when no answer came.</summary>
    [Id(2)] public int? LastFailureStatusCode { get; init; }

    /// <summary>Why the last attempt failed.</summary>
    [Id(3)] public string? LastFailureReason { get; init; }

    /// <summary>Failed attempts since the last success.</summary>
    [Id(4)] public int ConsecutiveFailures { get; init; }

    /// <summary>Messages delivered.</summary>
    [Id(5)] public long Delivered { get; init; }

    /// <summary>Messages given up after every attempt failed.</summary>
    [Id(6)] public long Failed { get; init; }

    /// <summary>Attempts that failed (a message retried twice and then delivered counts 2).</summary>
    [Id(7)] public long FailedAttempts { get; init; }

    /// <summary>Events not sent because an equal one was sent within the de-duplication window.</summary>
    [Id(8)] public long Deduplicated { get; init; }

    /// <summary>Events held back by the throttle and summed into "and K more" messages.</summary>
    [Id(9)] public long Throttled { get; init; }

    /// <summary>The journal sequence the sink has read up to.</summary>
    [Id(10)] public long Cursor { get; init; }
}

/// <summary>A sink as the API shows it: never its URL (only the host) nor its secret.</summary>
[GenerateSerializer, Immutable, Alias("fleet.NotificationSinkView")]
public sealed record NotificationSinkView
{
    /// <summary>The sink's name.</summary>
    [Id(0)] public string Name { get; init; } = "";

    /// <summary>"webhook" or "slack".</summary>
    [Id(1)] public string Type { get; init; } = "";

    /// <summary>The host of the URL.</summary>
    [Id(2)] public string UrlHost { get; init; } = "";

    /// <summary>Whether an HMAC secret is set.</summary>
    [Id(3)] public bool HasSecret { get; init; }

    /// <summary>Which events it sends.</summary>
    [Id(4)] public IReadOnlyList<string> Triggers { get; init; } = [];

    /// <summary>Application filter.</summary>
    [Id(5)] public string? Application { get; init; }

    /// <summary>Cluster filter.</summary>
    [Id(6)] public string? Cluster { get; init; }

    /// <summary>Messages per minute at most.</summary>
    [Id(7)] public int? Throttle { get; init; }

    /// <summary>How deliveries went.</summary>
    [Id(8)] public DeliveryStatus Status { get; init; } = new();
}

/// <summary>
/// One notification sink (key: its name). Holds its spec (URL and secret encrypted), follows the event journal,
/// matches triggers, de-duplicates, throttles and delivers with retries; a reminder keeps it running.
/// </summary>
public interface INotificationSinkGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the sink; a new sink starts at the journal's newest event.</summary>
    Task<NotificationSinkView> ConfigureAsync(NotificationSinkSpec spec);

    /// <summary>The sink and its delivery status, or null when it does not exist.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<NotificationSinkView?> GetAsync();

    /// <summary>Removes the sink; false when there was none.</summary>
    Task<bool> DeleteAsync();
}

/// <summary>The names of the configured sinks (key "fleet"), for listing.</summary>
public interface INotificationDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Records a sink name.</summary>
    Task AddAsync(string name);

    /// <summary>Forgets a sink name.</summary>
    Task RemoveAsync(string name);

    /// <summary>All sink names, sorted.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<string>> ListAsync();
}
