namespace Fleet.Grains.Kubernetes;

/// <summary>Limits and retry policy of every connection to a cluster's API server.</summary>
public sealed class ClusterConnectionOptions
{
    /// <summary>Sustained requests per second to one cluster (the token bucket's refill rate).</summary>
    public double QueriesPerSecond { get; set; } = 50;

    /// <summary>Requests one cluster may take at once after a quiet spell (the token bucket's size).</summary>
    public int Burst { get; set; } = 100;

    /// <summary>How long one request may take, from sending to the last byte (for a watch: to its response headers).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt for connection errors, timeouts, 5xx and 429.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Upper bound of the first retry's jittered delay; doubles with every further retry.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the jittered retry delay (and of the watch's delay between reconnects).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the API server keeps one watch stream open at least (<c>timeoutSeconds</c>, drawn between this and
    /// twice this per stream) before the watch reconnects from its last resourceVersion. Bounded streams also detect
    /// connections that died without a reset.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Objects per page when listing (<c>limit</c>, followed by <c>continue</c> tokens).</summary>
    public int ListPageSize { get; set; } = 500;

    /// <summary>Throws when a value would make connections misbehave (no throughput, negative delays).</summary>
    public void Validate()
    {
        Require(QueriesPerSecond > 0, nameof(QueriesPerSecond), "must be above 0");
        Require(Burst >= 1, nameof(Burst), "must be at least 1");
        Require(RequestTimeout > TimeSpan.Zero, nameof(RequestTimeout), "must be above 0");
        Require(MaxRetries >= 0, nameof(MaxRetries), "must be 0 or more");
        Require(InitialBackoff > TimeSpan.Zero, nameof(InitialBackoff), "must be above 0");
        Require(MaxBackoff >= InitialBackoff, nameof(MaxBackoff), "must be at least InitialBackoff");
        Require(WatchTimeout >= TimeSpan.FromSeconds(1), nameof(WatchTimeout), "must be at least 1 second");
        Require(ListPageSize >= 1, nameof(ListPageSize), "must be at least 1");
    }

    internal ClusterConnectionOptions Snapshot() => (ClusterConnectionOptions)MemberwiseClone();

    private static void Require(bool condition, string option, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, $"ClusterConnectionOptions.{option} {rule}.");
        }
    }
}
