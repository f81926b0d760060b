using Fleet.Grains.Kubernetes;

namespace Fleet.Grains.Tests.Kubernetes;

public sealed class TokenBucketTests
{
    private static readonly TimeProvider Time = TimeProvider.System;

    private static long After(long start, double seconds) => start + (long)(seconds * Time.TimestampFrequency);

    [Fact]
    public void Reserve_WithinBurst_DoesNotWait()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 3, Time);
        var now = Time.GetTimestamp();

        var waits = Enumerable.Range(0, 3).Select(_ => bucket.Reserve(now)).ToList();

        Assert.All(waits, wait => Assert.Equal(TimeSpan.Zero, wait));
    }

    [Fact]
    public void Reserve_BeyondBurst_QueuesCallersOneIntervalApart()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 2, Time);
        var now = Time.GetTimestamp();
        bucket.Reserve(now);
        bucket.Reserve(now);

        var third = bucket.Reserve(now);
        var fourth = bucket.Reserve(now);

        Assert.Equal(100, third.TotalMilliseconds, precision: 0);
        Assert.Equal(200, fourth.TotalMilliseconds, precision: 0);
    }

    [Fact]
    public void Reserve_AfterAQuietSpell_RefillsUpToBurstOnly()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 2, Time);
        var start = Time.GetTimestamp();
        bucket.Reserve(start);
        bucket.Reserve(start);

        var later = After(start, 60);
        var waits = Enumerable.Range(0, 3).Select(_ => bucket.Reserve(later)).ToList();

        Assert.Equal(TimeSpan.Zero, waits[0]);
        Assert.Equal(TimeSpan.Zero, waits[1]);
        Assert.True(waits[2] > TimeSpan.Zero, "a long pause must not bank more than the burst");
    }

    [Fact]
    public void Reserve_TimestampFromThePast_NeverRefillsBackwards()
    {
        var bucket = new TokenBucket(ratePerSecond: 1, burst: 1, Time);
        var now = Time.GetTimestamp();
        bucket.Reserve(now);

        var wait = bucket.Reserve(After(now, -5));

        Assert.Equal(1, wait.TotalSeconds, precision: 3);
    }
}
