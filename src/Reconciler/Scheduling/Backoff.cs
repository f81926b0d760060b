namespace Fleet.Reconciler.Scheduling;

/// <summary>
/// Fleet's one definition of the delay between retries, used by cluster calls, watch reconnects, notification
/// deliveries and instance retries: exponential (a ceiling that starts at <see cref="Initial"/> and doubles with each
/// retry), capped at <see cref="Max"/>, with full jitter (a uniformly random delay below the ceiling), so that many
/// callers that failed together do not come back together.
/// </summary>
/// <param name="Initial">The ceiling of the first retry's delay.</param>
/// <param name="Max">The cap of every ceiling.</param>
public readonly record struct Backoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>The ceiling for retry number <paramref name="retry"/> (0 for the first retry).</summary>
    public TimeSpan Ceiling(int retry)
    {
        // 2^30 times any sensible initial delay is already far above any cap; stop doubling before it overflows.
        var factor = Math.Pow(2, Math.Clamp(retry, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(Initial.TotalMilliseconds * factor, Max.TotalMilliseconds));
    }

    /// <summary>The delay before retry number <paramref name="retry"/>, for <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan Delay(int retry, double random) => Ceiling(retry) * random;

    /// <summary>A jittered delay before retry number <paramref name="retry"/> (0 for the first retry).</summary>
    public TimeSpan Delay(int retry) => Delay(retry, Random.Shared.NextDouble());
}
