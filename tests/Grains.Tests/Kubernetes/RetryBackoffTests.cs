using Fleet.Grains.Kubernetes;

namespace Fleet.Grains.Tests.Kubernetes;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 400)]
    [InlineData(3, 1600)]
    [InlineData(6, 10_000)]
    [InlineData(1000, 10_000)]
    public void Ceiling_Attempt_DoublesUpToTheCap(int attempt, double expectedMs)
    {
        Assert.Equal(expectedMs, RetryBackoff.Ceiling(attempt, Initial, Max).TotalMilliseconds);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 800)]
    [InlineData(0.999, 1598.4)]
    public void Delay_Random_ScalesTheCeiling(double random, double expectedMs)
    {
        Assert.Equal(expectedMs, RetryBackoff.Delay(3, Initial, Max, random).TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void Next_WithRetryAfter_UsesTheServersDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), RetryBackoff.Next(0, Initial, Max, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Next_WithoutRetryAfter_StaysUnderTheCeiling()
    {
        var delays = Enumerable.Range(0, 100).Select(_ => RetryBackoff.Next(2, Initial, Max, retryAfter: null)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(800)));
        Assert.True(delays.Distinct().Count() > 1, "full jitter must spread the delays");
    }
}
