using Fleet.Engine.Projects;

namespace Fleet.Engine.Tests.Projects;

public class GlobTests
{
    [Theory]
    [InlineData("*", "")]
    [InlineData("*", "anything")]
    [InlineData("shop-*", "shop-")]
    [InlineData("shop-*", "shop-web")]
    [InlineData("*-prod", "eu-prod")]
    [InlineData("shop-*-prod", "shop-eu-west-prod")]
    [InlineData("c?", "c1")]
    [InlineData("a*b*c", "abbbc")]
    [InlineData("exact", "exact")]
    [InlineData("**", "x")]
    public void Matches_TextFitsPattern_True(string pattern, string text) => Assert.True(Glob.Matches(pattern, text));

    [Theory]
    [InlineData("shop-*", "shop")]
    [InlineData("shop-*", "the-shop-web")]
    [InlineData("*-prod", "eu-prod-2")]
    [InlineData("c?", "c")]
    [InlineData("c?", "c12")]
    [InlineData("exact", "Exact")]
    [InlineData("", "x")]
    [InlineData("a*b*c", "abcb")]
    public void Matches_TextDoesNotFitPattern_False(string pattern, string text) => Assert.False(Glob.Matches(pattern, text));

    [Fact]
    public void Matches_ManyStarsAgainstLongText_AnswersQuickly()
    {
        // A pattern that would take exponential time with naive backtracking.
        var pattern = string.Concat(Enumerable.Repeat("a*", 30)) + "b";
        var text = new string('a', 5000);

        Assert.False(Glob.Matches(pattern, text));
    }
}
