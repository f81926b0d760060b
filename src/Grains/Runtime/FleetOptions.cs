using Fleet.Reconciler.Scheduling;

namespace Fleet.Grains.Runtime;

/// <summary>How Fleet reconciles; bound from configuration section "Fleet".</summary>
public sealed class FleetOptions
{
    /// <summary>The server-side apply field manager Fleet writes as.</summary>
    public string FieldManager { get; set; } = "fleet";

    /// <summary>The durable heartbeat of every instance: a reconcile even when nothing told it to.</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How old the cached live state may grow before a reconcile re-reads it from the cluster.</summary>
    public TimeSpan LiveStateMaxAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a cluster's API server is probed.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay after a failed reconcile; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The delays between retries of a failed reconcile.</summary>
    internal Backoff RetryBackoff => new(InitialRetryDelay, MaxRetryDelay);

    /// <summary>Delay that gathers a burst of watch events into one reconcile.</summary>
    public TimeSpan EventDebounce { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How many instances of one silo may reconcile against their clusters at once (reads, applies, discovery); the
    /// others wait their turn. Enough to keep the CPU busy while most reconciles wait on round trips; few enough that a
    /// silo starting with thousands of clusters converges instead of timing out. bench/README.md has the measurements.
    /// </summary>
    public int MaxConcurrentReconciles { get; set; } = 250;

    /// <summary>Sync history kept per instance.</summary>
    public int HistoryLimit { get; set; } = 50;

    /// <summary>Where the Git mirrors and checked-out trees live.</summary>
    public string? GitCacheDirectory { get; set; }

    /// <summary>At most this many exported commits are kept in the Git cache (the least recently used go first).</summary>
    public int GitMaxExports { get; set; } = 64;

    /// <summary>An exported commit unused for this long is deleted from the Git cache.</summary>
    public TimeSpan GitExportIdleTime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a bootstrap token of an agent cluster can be traded for a credential (Fleet:AgentBootstrapLifetime).</summary>
    public TimeSpan AgentBootstrapLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an agent credential works; the agent renews it after half of that (Fleet:AgentCredentialLifetime).</summary>
    public TimeSpan AgentCredentialLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An agent cluster not heard from for this long shows as disconnected, its instances Unknown.</summary>
    public TimeSpan AgentGracePeriod { get; set; } = TimeSpan.FromSeconds(90);
}
