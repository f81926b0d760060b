using Fleet.Engine.Versions;

namespace Fleet.Engine.Tests.Versions;

/// <summary>Semantic versions read from tags, their order, and ranges in the syntax of Flux's semver policies.</summary>
public sealed class SemverRangeTests
{
    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("v1.2.3", true)]
    [InlineData("1.2", true)]
    [InlineData("2", true)]
    [InlineData("1.2.3-rc.1+build.5", true)]
    [InlineData("1.2.3-0", true)]
    [InlineData("01.2.3", false)]
    [InlineData("1.2.3-01", false)]
    [InlineData("1.2.3-", false)]
    [InlineData("1.2.3.4", false)]
    [InlineData("latest", false)]
    [InlineData("main-abc123-1700000000", false)]
    [InlineData("", false)]
    public void TryParse_Tags_ReadsOnlySemanticVersions(string tag, bool parsed) =>
        Assert.Equal(parsed, SemanticVersion.TryParse(tag) is not null);

    [Theory]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.9.0", "1.10.0")]
    [InlineData("1.0.0", "2.0.0-0")]
    public void CompareTo_SemverOrg_OrdersAsTheSpecSays(string lower, string higher)
    {
        Assert.True(SemanticVersion.TryParse(lower)!.CompareTo(SemanticVersion.TryParse(higher)) < 0);
        Assert.True(SemanticVersion.TryParse(higher)!.CompareTo(SemanticVersion.TryParse(lower)) > 0);
    }

    [Fact]
    public void CompareTo_BuildMetadata_IsIgnored() =>
        Assert.Equal(0, SemanticVersion.TryParse("1.0.0+a")!.CompareTo(SemanticVersion.TryParse("1.0.0+b")));

    [Theory]
    [InlineData(">=1.0.0 <2.0.0", "1.0.0", true)]
    [InlineData(">=1.0.0 <2.0.0", "1.9.9", true)]
    [InlineData(">=1.0.0 <2.0.0", "2.0.0", false)]
    [InlineData(">=1.0.0 <2.0.0", "0.9.0", false)]
    [InlineData(">=1.0.0, <2.0.0", "1.5.0", true)]
    [InlineData(">= 1.0.0 < 2.0.0", "1.5.0", true)]
    [InlineData("1.2.x", "1.2.9", true)]
    [InlineData("1.2.x", "1.3.0", false)]
    [InlineData("1.2", "1.2.7", true)]
    [InlineData("*", "9.9.9", true)]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1", "1.9.0", true)]
    [InlineData("^1.2.3", "1.9.0", true)]
    [InlineData("^1.2.3", "2.0.0", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData(">1.2", "1.2.9", false)]
    [InlineData(">1.2", "1.3.0", true)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("<=1.2", "1.3.0", false)]
    [InlineData("1.2 - 1.4", "1.4.5", true)]
    [InlineData("1.2 - 1.4", "1.5.0", false)]
    [InlineData("!=1.2.3", "1.2.3", false)]
    [InlineData("!=1.2.3", "1.2.4", true)]
    [InlineData("<1.0.0 || >=3.0.0", "3.1.0", true)]
    [InlineData("<1.0.0 || >=3.0.0", "2.0.0", false)]
    [InlineData("v1.x", "v1.4.0", true)]
    public void Contains_Releases_FollowsTheRange(string range, string version, bool expected) =>
        Assert.Equal(expected, SemverRange.Parse(range).Contains(SemanticVersion.TryParse(version)!));

    [Theory]
    // Prereleases only when the range itself names one, as Flux users opt in with "-0".
    [InlineData(">=1.0.0 <2.0.0", "1.5.0-rc.1", false)]
    [InlineData(">=1.0.0-0 <2.0.0", "1.5.0-rc.1", true)]
    [InlineData(">=1.0.0-0 <2.0.0", "1.0.0-alpha", true)]
    [InlineData(">=1.0.0-0 <2.0.0", "0.9.0-rc.1", false)]
    // Bounds compare by precedence, as Helm and Flux (Masterminds) do: 2.0.0-rc.1 precedes 2.0.0.
    [InlineData(">=1.0.0-0 <2.0.0", "2.0.0-rc.1", true)]
    [InlineData(">=1.0.0-0 <2.0.0-0", "2.0.0-rc.1", false)]
    [InlineData(">=1.0.0-rc.2", "1.0.0-rc.10", true)]
    [InlineData(">=1.0.0-rc.2", "1.0.0-rc.1", false)]
    [InlineData("^1.0.0", "1.1.0-beta", false)]
    [InlineData("^1.0.0-0", "1.1.0-beta", true)]
    // An alternative without a prerelease does not accept them through another that has one.
    [InlineData(">=3.0.0-0 || <2.0.0", "1.5.0-rc.1", false)]
    public void Contains_Prereleases_OnlyWhenTheRangeNamesOne(string range, string version, bool expected) =>
        Assert.Equal(expected, SemverRange.Parse(range).Contains(SemanticVersion.TryParse(version)!));

    [Theory]
    [InlineData("")]
    [InlineData(">=a.b")]
    [InlineData("1.2.3.4")]
    [InlineData(">=1.0.0 ||")]
    [InlineData("1.0.0-")]
    public void Problem_InvalidRanges_SaysWhy(string range) => Assert.NotNull(SemverRange.Problem(range));
}
