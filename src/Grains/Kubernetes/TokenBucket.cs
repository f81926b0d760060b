namespace Fleet.Grains.Kubernetes;

/// <summary>
/// A token bucket shared by every request to one cluster: up to <c>burst</c> requests at once, then
/// <c>ratePerSecond</c> sustained. Callers wait asynchronously for their turn; no thread is blocked.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _ratePerSecond;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(double ratePerSecond, int burst, TimeProvider time)
    {
        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>Waits until the caller may send one request.</summary>
    public async ValueTask AcquireAsync(CancellationToken ct)
    {
        var wait = Reserve(_time.GetTimestamp());
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, ct);
        }
    }

    /// <summary>
    /// Takes one token at <paramref name="now"/> (a <see cref="TimeProvider"/> timestamp) and returns how long the
    /// caller must wait before using it. The balance may go negative: each waiting caller has reserved its own future
    /// token, so callers are served in arrival order without a queue.
    /// </summary>
    public TimeSpan Reserve(long now)
    {
        lock (_gate)
        {
            // Timestamps taken outside the lock can arrive slightly out of order: never refill backwards.
            var elapsed = Math.Max(0, _time.GetElapsedTime(_refilledAt, now).TotalSeconds);
            if (now > _refilledAt)
            {
                _refilledAt = now;
            }
            _tokens = Math.Min(_burst, _tokens + (elapsed * _ratePerSecond));
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _ratePerSecond);
        }
    }
}
