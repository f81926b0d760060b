namespace Fleet.Grains.Kubernetes;

/// <summary>
/// Delays between retries: exponential with full jitter (a uniformly random delay below a ceiling that doubles with
/// each attempt), so many callers that failed together do not come back together.
/// </summary>
internal static class RetryBackoff
{
    /// <summary>The ceiling for retry number <paramref name="attempt"/> (0 for the first retry).</summary>
    public static TimeSpan Ceiling(int attempt, TimeSpan initial, TimeSpan max)
    {
        // 2^30 times any sensible initial delay is already far above any cap; stop doubling before it overflows.
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ceiling = initial.TotalMilliseconds * factor;
        return TimeSpan.FromMilliseconds(Math.Min(ceiling, max.TotalMilliseconds));
    }

    /// <summary>A jittered delay for retry number <paramref name="attempt"/>; <paramref name="random"/> is in [0, 1).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double random) =>
        TimeSpan.FromMilliseconds(Ceiling(attempt, initial, max).TotalMilliseconds * random);

    /// <summary>
    /// The delay before retrying: the server's Retry-After when it sent one (it knows its load best), else jitter.
    /// </summary>
    public static TimeSpan Next(int attempt, TimeSpan initial, TimeSpan max, TimeSpan? retryAfter) =>
        retryAfter is { } serverDelay && serverDelay >= TimeSpan.Zero
            ? Min(serverDelay, MaxRetryAfter)
            : Delay(attempt, initial, max, Random.Shared.NextDouble());

    // A misbehaving server must not park a caller for hours.
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
