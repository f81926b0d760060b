using System.Diagnostics;
using Fleet.Grains.Tests.Applying;
using Fleet.Reconciler.Scheduling;

namespace Fleet.Grains.Tests.Scheduling;

/// <summary>
/// The limiter's bucket measures time on the system clock (TokenBucketRateLimiter takes no TimeProvider), so these
/// tests measure real time over short windows and wait by polling, never by fixed sleeps.
/// </summary>
public sealed class ClusterRateLimiterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcquireAsync_WithinBurst_DoesNotWait()
    {
        using var limiter = new ClusterRateLimiter(perSecond: 1, burst: 3);

        var acquisitions = Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync(CancellationToken.None)).ToList();

        Assert.All(acquisitions, a => Assert.True(a.IsCompletedSuccessfully));
        await Task.WhenAll(acquisitions.Select(a => a.AsTask()));
    }

    [Fact]
    public async Task AcquireAsync_ManyCallers_HoldsTheRate()
    {
        const double PerSecond = 100;
        const int Burst = 5;
        const int Requests = 45;
        using var limiter = new ClusterRateLimiter(PerSecond, Burst);
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => limiter.AcquireAsync(CancellationToken.None).AsTask())).WaitAsync(Deadline);

        // The burst leaves at once, the other 40 at 100 per second: 0.4 s at least.
        var least = TimeSpan.FromSeconds((Requests - Burst) / PerSecond);
        Assert.True(clock.Elapsed >= least * 0.95, $"{Requests} requests in {clock.Elapsed.TotalMilliseconds:0} ms, faster than the rate");
        Assert.True(clock.Elapsed < least * 4, $"{Requests} requests took {clock.Elapsed.TotalMilliseconds:0} ms: the limiter is too strict");
    }

    [Fact]
    public async Task AcquireAsync_Waiters_AreServedInArrivalOrder()
    {
        using var limiter = new ClusterRateLimiter(perSecond: 50, burst: 1);
        await limiter.AcquireAsync(CancellationToken.None);
        var served = new List<int>();

        var waiters = Enumerable.Range(0, 5).Select(async i =>
        {
            await limiter.AcquireAsync(CancellationToken.None);
            lock (served)
            {
                served.Add(i);
            }
        }).ToList();
        await Task.WhenAll(waiters).WaitAsync(Deadline);

        Assert.Equal([0, 1, 2, 3, 4], served);
    }

    [Fact]
    public async Task AcquireAsync_AfterAQuietSpell_RefillsUpToBurstOnlyAndStopsItsTimer()
    {
        using var limiter = new ClusterRateLimiter(perSecond: 200, burst: 2);
        await limiter.AcquireAsync(CancellationToken.None);
        await limiter.AcquireAsync(CancellationToken.None);
        Assert.True(limiter.IsRefilling);

        await Poll.UntilAsync(() => !limiter.IsRefilling, "the bucket to fill up");
        Assert.Equal(2, limiter.Available);

        Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(limiter.AcquireAsync(CancellationToken.None).IsCompleted, "a quiet spell must not bank more than the burst");
    }

    [Fact]
    public async Task AcquireAsync_WaiterCancels_ThrowsOperationCanceled()
    {
        using var limiter = new ClusterRateLimiter(perSecond: 0.01, burst: 1);
        await limiter.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(cancel.Token);
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.AsTask().WaitAsync(Deadline));
    }
}
