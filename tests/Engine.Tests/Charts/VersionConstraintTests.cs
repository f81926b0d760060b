using Fleet.Engine.Charts;

namespace Fleet.Engine.Tests.Charts;

public sealed class VersionConstraintTests
{
    private static readonly string[] Published = ["5.9.9", "6.0.0", "6.4.2", "6.5.0", "6.5.3", "6.6.0", "7.0.0-rc.1", "7.0.0", "7.1.0-beta.2", "0.2.5", "0.2.9", "0.3.0", "0.0.3", "0.0.4"];

    [Theory]
    [InlineData("", "7.0.0")]
    [InlineData("6.5.0", "6.5.0")]
    [InlineData("=6.5.0", "6.5.0")]
    [InlineData("v6.5.0", "6.5.0")]
    [InlineData("6.5.*", "6.5.3")]
    [InlineData("6.5.x", "6.5.3")]
    [InlineData("6.5", "6.5.3")]
    [InlineData("6", "6.6.0")]
    [InlineData("6.x", "6.6.0")]
    [InlineData("*", "7.0.0")]
    [InlineData(">=6.0.0 <7.0.0", "6.6.0")]
    [InlineData(">=6.0.0, <7.0.0", "6.6.0")]
    [InlineData(">= 6.0.0 < 6.5.0", "6.4.2")]
    [InlineData(">6.5.0 <6.6.0", "6.5.3")]
    [InlineData(">6.5 <7", "6.6.0")]
    [InlineData("<=6.5", "6.5.3")]
    [InlineData("^6", "6.6.0")]
    [InlineData("^6.5.1", "6.6.0")]
    [InlineData("^0.2.5", "0.2.9")]
    [InlineData("^0.0.3", "0.0.3")]
    [InlineData("~6.5.0", "6.5.3")]
    [InlineData("~6", "6.6.0")]
    [InlineData("~>6.4", "6.4.2")]
    [InlineData("!=7.0.0 >=6.0.0", "6.6.0")]
    [InlineData("^5 || ^6", "6.6.0")]
    [InlineData("<6.0.0 || 6.5.x", "6.5.3")]
    public void Highest_PublishedVersions_PicksTheNewestMatch(string constraint, string expected)
    {
        var parsed = VersionConstraint.Parse(constraint, out var error);

        Assert.True(parsed is not null, error);
        Assert.Equal(expected, parsed.Highest(Published));
    }

    [Theory]
    [InlineData("^8")]
    [InlineData(">7.0.0")]
    [InlineData("6.7.*")]
    [InlineData("6.5.1")]
    public void Highest_NothingMatches_Null(string constraint) =>
        Assert.Null(VersionConstraint.Parse(constraint, out _)!.Highest(Published));

    [Theory]
    [InlineData(">=7.0.0-0", "7.1.0-beta.2")]
    [InlineData("7.0.0-rc.1", "7.0.0-rc.1")]
    [InlineData(">=7.0.0-rc.0 <7.0.0", "7.0.0-rc.1")]
    public void Highest_ConstraintNamingAPrerelease_AdmitsPrereleases(string constraint, string expected) =>
        Assert.Equal(expected, VersionConstraint.Parse(constraint, out _)!.Highest(Published));

    [Fact]
    public void Highest_OnlyPrereleasesAndNoConstraint_NothingPicked() =>
        Assert.Null(VersionConstraint.Parse("", out _)!.Highest(["1.0.0-rc.1", "1.0.0-alpha"]));

    [Fact]
    public void Highest_RangeAcrossPrereleases_PrereleasesExcluded() =>
        Assert.Equal("6.6.0", VersionConstraint.Parse(">=6.0.0", out _)!.Highest(["6.6.0", "7.0.0-rc.1", "7.1.0-beta.2"]));

    [Fact]
    public void Highest_BuildMetadata_IgnoredForOrderKeptInTheAnswer() =>
        Assert.Equal("1.2.3+build.7", VersionConstraint.Parse("1.2.x", out _)!.Highest(["1.2.2", "1.2.3+build.7"]));

    [Fact]
    public void Highest_VersionThatIsNotSemver_NeverChosen() =>
        Assert.Equal("1.0.0", VersionConstraint.Parse("", out _)!.Highest(["latest-build", "1.0.0"]));

    [Theory]
    [InlineData(">>6")]
    [InlineData("6.5.0.1")]
    [InlineData("six")]
    [InlineData("^6 ||")]
    [InlineData("6.*-rc.1")]
    public void Parse_NotAConstraint_ErrorNamesIt(string text)
    {
        Assert.Null(VersionConstraint.Parse(text, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("6.5.0", true)]
    [InlineData("=6.5.0", true)]
    [InlineData("6.5", false)]
    [InlineData("^6.5.0", false)]
    [InlineData("6.5.*", false)]
    public void IsExact_OnlyAWholeVersion(string text, bool exact) => Assert.Equal(exact, VersionConstraint.IsExact(text));
}
