using Fleet.Cli.Tests.Infrastructure;

namespace Fleet.Cli.Tests.Commands;

/// <summary>Parsing and help, which need no server.</summary>
public sealed class CliAppTests
{
    [Fact]
    public async Task RunAsync_Help_DocumentsTheExitCodes()
    {
        var help = await new CliRunner().RunAsync("--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Exit codes:", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("6  server unreachable", help.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("app")]
    [InlineData("app", "wait")]
    [InlineData("app", "get", "x", "-o", "xml")]
    [InlineData("app", "wait", "x", "--health", "Fine")]
    public async Task RunAsync_BadCommandLine_ExitsTwoWithOneErrorLine(params string[] args)
    {
        var result = await new CliRunner().RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task RunAsync_NoServerConfigured_ExitsFourAndSaysHowToLogIn()
    {
        var result = await new CliRunner().RunAsync("app", "list");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("fleet login", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WaitWithMalformedTimeout_ExitsTwo()
    {
        var result = await new CliRunner(new Dictionary<string, string> { ["FLEET_SERVER"] = "http://127.0.0.1:9" })
            .RunAsync("app", "wait", "x", "--timeout", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--timeout", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status", "--server", "http://127.0.0.1:9", "--token", "")]
    [InlineData("app", "list", "--server", "http://127.0.0.1:9", "--token", " ")]
    public async Task RunAsync_EmptyTokenOption_ExitsTwoSayingTheTokenIsEmpty(params string[] args)
    {
        var result = await new CliRunner().RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--token: the token is empty", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EmptyTokenVariable_ExitsTwoSayingTheTokenIsEmpty()
    {
        var result = await new CliRunner(new Dictionary<string, string> { ["FLEET_SERVER"] = "http://127.0.0.1:9", ["FLEET_TOKEN"] = "" })
            .RunAsync("status");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("FLEET_TOKEN: the token is empty", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DiffHelp_DocumentsTheCannotTellExitCode()
    {
        var help = await new CliRunner().RunAsync("app", "diff", "--help");
        var root = await new CliRunner().RunAsync("--help");

        Assert.Contains("7 when an instance cannot be compared", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("7  app diff: cannot tell", root.Stdout, StringComparison.Ordinal);
    }
}
