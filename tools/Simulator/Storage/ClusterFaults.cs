namespace Fleet.Simulator.Storage;

/// <summary>How a down cluster answers.</summary>
public enum OutageMode
{
    /// <summary>The cluster is up.</summary>
    None,

    /// <summary>The connection is dropped without an HTTP answer, as when nothing listens.</summary>
    ConnectionRefused,

    /// <summary>Every request answers 503 Service Unavailable.</summary>
    Unavailable,
}

/// <summary>
/// Faults injected into one virtual cluster, changed at run time through the admin endpoint or the library API.
/// Read on every request without a lock: each field is replaced whole.
/// </summary>
public sealed class ClusterFaults
{
    /// <summary>Added to every request before it is served.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Share of requests (0..1) that fail with <see cref="ErrorCode"/>.</summary>
    public double ErrorRate { get; set; }

    /// <summary>500, or 429 (answered with a Retry-After header).</summary>
    public int ErrorCode { get; set; } = 500;

    /// <summary>Retry-After seconds sent with 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    public OutageMode Outage { get; set; }

    public void Clear()
    {
        Latency = TimeSpan.Zero;
        ErrorRate = 0;
        ErrorCode = 500;
        RetryAfterSeconds = 1;
        Outage = OutageMode.None;
    }
}
