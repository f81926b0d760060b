using Fleet.Simulator.Tables;

namespace Fleet.Simulator.Tests.Tables;

public class HumanDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(-1, "0s")]
    [InlineData(-5, "<invalid>")]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(330, "5m30s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(659, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(3 * 3600 + 20 * 60 + 15, "3h20m")]
    [InlineData(8 * 3600 + 59 * 60, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(2 * 86400, "2d")]
    [InlineData(2 * 86400 + 5 * 3600, "2d5h")]
    [InlineData(8 * 86400 + 5 * 3600, "8d")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(3 * 365 * 86400 + 10 * 86400, "3y10d")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void Format_Seconds_MatchesKubectl(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Format_FractionalSeconds_Truncates() =>
        Assert.Equal("1s", HumanDuration.Format(TimeSpan.FromMilliseconds(1999)));

    [Fact]
    public void Since_Timestamp_IsAgeAtNow()
    {
        var now = DateTimeOffset.Parse("2024-05-01T12:05:30Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("5m30s", HumanDuration.Since("2024-05-01T12:00:00Z", now));
        Assert.Equal("<unknown>", HumanDuration.Since(null, now));
        Assert.Equal("<invalid>", HumanDuration.Since("yesterday", now));
    }
}
