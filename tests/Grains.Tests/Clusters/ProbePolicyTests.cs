using Fleet.Grains.Clusters;

namespace Fleet.Grains.Tests.Clusters;

public sealed class ProbePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Fact]
    public void ProbeDue_NeverAnswered_Probes() =>
        Assert.True(ProbePolicy.ProbeDue(Now, null, Interval, openWatches: 3));

    [Theory]
    [InlineData(29, false)]
    [InlineData(30, true)]
    public void ProbeDue_NoOpenWatch_ProbesOnceQuietForAnInterval(int quietSeconds, bool due) =>
        Assert.Equal(due, ProbePolicy.ProbeDue(Now, Now.AddSeconds(-quietSeconds), Interval, openWatches: 0));

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    public void ProbeDue_OpenWatch_AllowsTwiceTheIntervalForBookmarks(int quietSeconds, bool due) =>
        Assert.Equal(due, ProbePolicy.ProbeDue(Now, Now.AddSeconds(-quietSeconds), Interval, openWatches: 1));

    [Theory]
    [InlineData(359, false)]
    [InlineData(360, true)]
    public void ProbeDue_OpenWatchAndLongInterval_AllowsOnlyOneBookmarkPeriodMore(int quietSeconds, bool due) =>
        Assert.Equal(due, ProbePolicy.ProbeDue(Now, Now.AddSeconds(-quietSeconds), TimeSpan.FromMinutes(5), openWatches: 2));
}
