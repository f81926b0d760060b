using Fleet.Cli.Commands;

namespace Fleet.Cli.Tests.Commands;

public sealed class ValuesTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("90", 90)]
    public void Duration_KnownForms_Parse(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Values.Duration("--timeout", text));

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("m5")]
    [InlineData("")]
    public void Duration_Malformed_IsAUsageErrorNamingTheFlag(string text)
    {
        var error = Assert.Throws<CliException>(() => Values.Duration("--timeout", text));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith("--timeout:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_PairsAndDuplicates_ParseOrFail()
    {
        var labels = Values.Labels("--label", ["env=prod", "region=eu=west", "empty="]);
        var duplicate = Assert.Throws<CliException>(() => Values.Labels("--label", ["a=1", "a=2"]));

        Assert.Equal("prod", labels["env"]);
        Assert.Equal("eu=west", labels["region"]);
        Assert.Equal("", labels["empty"]);
        Assert.Equal(ExitCodes.Usage, duplicate.ExitCode);
    }

    [Fact]
    public void Short_ShaAndName_ShortensOnlyShas()
    {
        Assert.Equal("0123456", Values.Short("0123456789abcdef0123456789abcdef01234567"));
        Assert.Equal("main", Values.Short("main"));
    }
}
