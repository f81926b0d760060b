using Fleet.Grains.ImageAutomation;
using Fleet.Grains.Interfaces.ImageAutomation;

namespace Fleet.Grains.Tests.ImageAutomation;

/// <summary>The latest accepted tag of a policy: filter, extract, then semver, alphabetical or numerical order.</summary>
public sealed class TagSelectorTests
{
    private static readonly string[] Releases = ["1.0.0", "1.1.0", "v1.2.0", "1.3.0-rc.1", "2.0.0", "latest", "sha-abc"];

    [Theory]
    [InlineData(">=1.0.0 <2.0.0", "v1.2.0")]
    [InlineData(">=1.0.0-0 <2.0.0", "1.3.0-rc.1")]
    [InlineData("^2", "2.0.0")]
    [InlineData(">=3.0.0", null)]
    public void Latest_Semver_PicksTheHighestInRange(string range, string? expected) =>
        Assert.Equal(expected, TagSelector.Create(new TagRule { SemverRange = range }, null).Latest(Releases));

    [Fact]
    public void Latest_TimestampFilter_OrdersByTheExtractedNumber()
    {
        string[] tags = ["main-aaa111-1700000100", "main-bbb222-1700000900", "main-ccc333-999", "dev-ddd444-1800000000", "latest"];
        var selector = TagSelector.Create(
            new TagRule { Numerical = true },
            new TagFilter { Pattern = "^main-[a-f0-9]+-(?P<ts>[0-9]+)", Extract = "$ts" });

        Assert.Equal("main-bbb222-1700000900", selector.Latest(tags));
    }

    [Fact]
    public void Latest_FilterWithSemverExtract_ComparesTheExtractedVersion()
    {
        string[] tags = ["web-1.2.0", "web-1.10.0", "api-9.0.0"];
        var selector = TagSelector.Create(new TagRule { SemverRange = ">=1.0.0" }, new TagFilter { Pattern = "^web-(?P<version>.*)$", Extract = "$version" });

        Assert.Equal("web-1.10.0", selector.Latest(tags));
    }

    [Theory]
    [InlineData(TagOrder.Asc, "RELEASE.2024-03-01")]
    [InlineData(TagOrder.Desc, "RELEASE.2023-12-31")]
    public void Latest_Alphabetical_FollowsTheOrder(TagOrder order, string expected)
    {
        string[] tags = ["RELEASE.2024-01-15", "RELEASE.2023-12-31", "RELEASE.2024-03-01"];
        Assert.Equal(expected, TagSelector.Create(new TagRule { Alphabetical = true, Order = order }, null).Latest(tags));
    }

    [Theory]
    [InlineData(TagOrder.Asc, "100")]
    [InlineData(TagOrder.Desc, "2")]
    public void Latest_Numerical_ComparesNumbersNotText(TagOrder order, string expected)
    {
        string[] tags = ["9", "100", "2", "10.5", "abc"];
        Assert.Equal(expected, TagSelector.Create(new TagRule { Numerical = true, Order = order }, null).Latest(tags));
    }

    [Fact]
    public void Latest_NumericalFractions_OrderByValue() =>
        Assert.Equal("1.5", TagSelector.Create(new TagRule { Numerical = true }, null).Latest(["1.25", "1.5", "1"]));

    [Fact]
    public void Latest_NoTags_IsNull() => Assert.Null(TagSelector.Create(new TagRule { Alphabetical = true }, null).Latest([]));

    [Fact]
    public void Problems_TwoRules_NamePolicy() =>
        Assert.Contains(TagSelector.Problems(new TagRule { Alphabetical = true, Numerical = true }, null), p => p.Field == "policy");

    [Fact]
    public void Problems_BadPattern_NameFilterTagsPattern() =>
        Assert.Contains(TagSelector.Problems(new TagRule { Alphabetical = true }, new TagFilter { Pattern = "(" }), p => p.Field == "filterTags.pattern");
}
