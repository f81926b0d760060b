using Fleet.Reconciler.Scheduling;

namespace Fleet.Grains.Notifications;

/// <summary>Delivery settings of notification sinks, bound from "Fleet:Notifications".</summary>
public sealed class NotificationOptions
{
    /// <summary>How often a sink reads the journal.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Events equal in kind, application, cluster and reason within this window are sent once.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per message, the first included.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Upper bound of the jittered delay after the first failed attempt; doubles after each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delays between attempts.</summary>
    internal Backoff Backoff => new(InitialBackoff, MaxBackoff);
}
