using Fleet.Reconciler.Scheduling;

namespace Fleet.Grains.Tests.Scheduling;

public sealed class BackoffTests
{
    private static readonly Backoff Policy = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 400)]
    [InlineData(2, 800)]
    [InlineData(5, 6_400)]
    [InlineData(6, 10_000)]
    [InlineData(1_000, 10_000)]
    [InlineData(int.MaxValue, 10_000)]
    public void Ceiling_DoublesPerRetry_UpToTheCap(int retry, double expectedMs)
    {
        Assert.Equal(expectedMs, Policy.Ceiling(retry).TotalMilliseconds);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 800)]
    [InlineData(0.999, 1_598.4)]
    public void Delay_IsTheRandomShareOfTheCeiling(double random, double expectedMs)
    {
        Assert.Equal(expectedMs, Policy.Delay(3, random).TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void Delay_Jittered_StaysBelowTheCeilingAndSpreads()
    {
        var delays = Enumerable.Range(0, 200).Select(_ => Policy.Delay(2)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, Policy.Ceiling(2)));
        Assert.True(delays.Distinct().Count() > 100, "callers that failed together must not come back together");
    }
}
