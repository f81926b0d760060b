using System.Threading.RateLimiting;

namespace Fleet.Reconciler.Scheduling;

/// <summary>
/// The request rate of one cluster: a <see cref="TokenBucketRateLimiter"/> of <c>burst</c> tokens refilled at
/// <c>perSecond</c>, whose waiters are served in arrival order without bound. The limiter's own replenishment timer
/// ticks for as long as the limiter lives, full or not; on a silo with thousands of mostly quiet clusters that is
/// thousands of timers waking all the time for nothing. So the bucket is refilled here, by a timer that runs only
/// while the bucket is not full.
/// </summary>
internal sealed class ClusterRateLimiter : IDisposable
{
    // Shorter refill periods wake a thread more often without making the rate more even: timers are not that precise.
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(10);

    private readonly TokenBucketRateLimiter _bucket;
    private readonly ITimer _refill;
    private readonly TimeSpan _period;
    private readonly int _burst;
    private int _refilling;

    public ClusterRateLimiter(double perSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        // The bucket adds whole tokens per period: the fewest that make a period no shorter than ShortestPeriod.
        var tokens = Math.Clamp((int)Math.Ceiling(perSecond * ShortestPeriod.TotalSeconds), 1, burst);
        _period = TimeSpan.FromSeconds(tokens / perSecond);
        _burst = burst;
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            // The bucket adds what the time since its last refill earned, so a late or early tick loses nothing.
            ReplenishmentPeriod = _period,
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        // The bucket measures its periods on the system clock (Stopwatch), so its timer runs on that clock too. The
        // timer must not capture the creating grain call's execution context, which it would keep alive.
        var suppress = !ExecutionContext.IsFlowSuppressed();
        if (suppress)
        {
            ExecutionContext.SuppressFlow();
        }
        try
        {
            _refill = TimeProvider.System.CreateTimer(static state => ((ClusterRateLimiter)state!).Refill(), this,
                Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (suppress)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    private bool _disposed;

    /// <summary>Tokens available now (the burst when the cluster has been quiet).</summary>
    public long Available => AvailableNow();

    /// <summary>Whether the refill timer runs (it stops once the bucket is full).</summary>
    internal bool IsRefilling => Volatile.Read(ref _refilling) == 1;

    /// <summary>Waits until the caller may send one request; callers are served in arrival order.</summary>
    public ValueTask AcquireAsync(CancellationToken ct)
    {
        // The common case takes a token at once; it fails while others wait, so nobody overtakes them.
        using var lease = _bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            EnsureRefilling();
            return ValueTask.CompletedTask;
        }
        return WaitAsync(ct);
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _refill.Dispose();
        _bucket.Dispose();
    }

    private async ValueTask WaitAsync(CancellationToken ct)
    {
        EnsureRefilling();
        using var lease = await _bucket.AcquireAsync(1, ct);
        // A lease is refused only when the bucket was disposed with the connection.
        ObjectDisposedException.ThrowIf(!lease.IsAcquired, this);
    }

    private long AvailableNow() => _bucket.GetStatistics()?.CurrentAvailablePermits ?? 0;

    private void EnsureRefilling()
    {
        if (Interlocked.CompareExchange(ref _refilling, 1, 0) == 0)
        {
            _refill.Change(_period, _period);
        }
    }

    private void Refill()
    {
        // A tick already queued when the connection was disposed finds the bucket gone: an exception on a timer
        // thread would end the process.
        if (Volatile.Read(ref _disposed))
        {
            return;
        }
        try
        {
            RefillOnce();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the tick's work.
        }
    }

    private void RefillOnce()
    {
        _bucket.TryReplenish();
        if (AvailableNow() < _burst)
        {
            return;
        }
        _refill.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _refilling, 0);
        // A request that took a token between the check and the stop saw the timer running and did not start it.
        if (AvailableNow() < _burst)
        {
            EnsureRefilling();
        }
    }
}
