using System.Globalization;
using Fleet.Reconciler.Scheduling;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>Limits and retry policy of every connection to a cluster's API server; bound from "Fleet:Clusters".</summary>
public sealed class ClusterConnectionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Fleet:Clusters";

    /// <summary>Sustained requests per second to one cluster (the token bucket's refill rate).</summary>
    public double QueriesPerSecond { get; set; } = 50;

    /// <summary>Requests one cluster may take at once after a quiet spell (the token bucket's size).</summary>
    public int Burst { get; set; } = 100;

    /// <summary>How long one request may take, from sending to the last byte (for a watch: to its response headers).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per request, the first included, for connection errors, timeouts, 5xx and 429.</summary>
    public int MaxAttempts { get; set; } = 5;

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

    /// <summary>
    /// How long the cluster's version and API versions (what charts read as <c>.Capabilities</c>) are reused before
    /// they are asked again; a CRD installed since shows in chart renders after at most this long.
    /// </summary>
    public TimeSpan CapabilitiesMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The delays between retries of a request and between reconnects of a watch.</summary>
    internal Backoff Backoff => new(InitialBackoff, MaxBackoff);

    /// <summary>What is wrong with these values, one sentence each naming the configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool condition, string option, string rule, object value)
        {
            if (!condition)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{SectionName}:{option} {rule} (it is {value})."));
            }
        }
        Require(QueriesPerSecond > 0 && double.IsFinite(QueriesPerSecond), nameof(QueriesPerSecond), "must be above 0 requests per second", QueriesPerSecond);
        Require(Burst >= 1, nameof(Burst), "must be at least 1", Burst);
        Require(RequestTimeout > TimeSpan.Zero, nameof(RequestTimeout), "must be above 0", RequestTimeout);
        Require(MaxAttempts >= 1, nameof(MaxAttempts), "must be at least 1 (the first attempt)", MaxAttempts);
        Require(InitialBackoff > TimeSpan.Zero, nameof(InitialBackoff), "must be above 0", InitialBackoff);
        Require(MaxBackoff >= InitialBackoff, nameof(MaxBackoff), $"must be at least InitialBackoff ({InitialBackoff})", MaxBackoff);
        Require(WatchTimeout >= TimeSpan.FromSeconds(1), nameof(WatchTimeout), "must be at least 1 second", WatchTimeout);
        Require(ListPageSize >= 1, nameof(ListPageSize), "must be at least 1", ListPageSize);
        Require(CapabilitiesMaxAge >= TimeSpan.Zero, nameof(CapabilitiesMaxAge), "must not be negative", CapabilitiesMaxAge);
        return problems;
    }

    /// <summary>Throws when a value would make connections misbehave (no throughput, negative delays).</summary>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentOutOfRangeException(nameof(ClusterConnectionOptions), string.Join(" ", problems));
        }
    }

    internal ClusterConnectionOptions Snapshot() => (ClusterConnectionOptions)MemberwiseClone();
}
