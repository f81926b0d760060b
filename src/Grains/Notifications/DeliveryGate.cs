using Fleet.Grains.Interfaces.Events;

namespace Fleet.Grains.Notifications;

/// <summary>What a sink does with a matching event.</summary>
public enum GateDecision
{
    /// <summary>Send it now.</summary>
    Send,

    /// <summary>An equal event was sent within the de-duplication window: drop it.</summary>
    Duplicate,

    /// <summary>The throttle is full: count it into the next "and K more" message.</summary>
    Held,
}

/// <summary>
/// De-duplication and throttling of one sink, in memory: equal events (kind, application, cluster, reason) within
/// the window pass once; at most <c>throttle</c> messages leave per minute, and what the throttle held back leaves
/// as one summary once there is room again.
/// </summary>
public sealed class DeliveryGate(TimeSpan dedupeWindow)
{
    private static readonly TimeSpan ThrottlePeriod = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTimeOffset> _recent = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _sent = new();

    /// <summary>Events held back and not yet summarised.</summary>
    public long Held { get; private set; }

    /// <summary>Decides about <paramref name="e"/> at <paramref name="now"/> under a limit of <paramref name="throttle"/> per minute.</summary>
    public GateDecision Decide(FleetEvent e, int? throttle, DateTimeOffset now)
    {
        Expire(now);
        var key = NotificationRules.DedupeKey(e);
        if (_recent.ContainsKey(key))
        {
            return GateDecision.Duplicate;
        }
        _recent[key] = now;
        if (throttle is { } limit && _sent.Count >= limit)
        {
            Held++;
            return GateDecision.Held;
        }
        _sent.Enqueue(now);
        return GateDecision.Send;
    }

    /// <summary>How many held events to summarise now (taking a throttle slot), or 0 when none or no room yet.</summary>
    public long TakeSummary(int? throttle, DateTimeOffset now)
    {
        Expire(now);
        if (Held == 0 || (throttle is { } limit && _sent.Count >= limit))
        {
            return 0;
        }
        var held = Held;
        Held = 0;
        _sent.Enqueue(now);
        return held;
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var key in _recent.Where(r => now - r.Value >= dedupeWindow).Select(r => r.Key).ToList())
        {
            _recent.Remove(key);
        }
        while (_sent.Count > 0 && now - _sent.Peek() >= ThrottlePeriod)
        {
            _sent.Dequeue();
        }
    }
}
