namespace Fleet.Silo.Tests.Hosting;

/// <summary>
/// The silo and the demo host as users start them: each listens where <c>--urls</c> says, as every ASP.NET Core app
/// does, and the silo turns away its former <c>--demo</c> option instead of starting empty.
/// </summary>
public sealed class HostCommandLineTests
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Silo_UrlsOnTheCommandLine_ListensThere()
    {
        var url = $"http://127.0.0.1:{HostProcess.FreePort()}";
        await using var silo = HostProcess.Start(BuiltHost.Locate("Fleet.Silo", Path.Combine("src", "Silo")), ["--urls", url]);

        var answer = await silo.WaitForAnswerAsync(new Uri($"{url}/healthz"), StartDeadline);

        Assert.Equal("ok", answer);
    }

    [Fact]
    public async Task Demo_UrlsOnTheCommandLine_ListensThereAndPrintsIt()
    {
        var url = $"http://127.0.0.1:{HostProcess.FreePort()}";
        // Its own Git repository, so that parallel runs never share the default one under the temporary folder.
        var repository = Path.Combine(Directory.CreateTempSubdirectory("fleet-demo-test-").FullName, "repository");
        await using var demo = HostProcess.Start(BuiltHost.Locate("Fleet.Demo", Path.Combine("tools", "Demo")), ["--urls", url],
            new Dictionary<string, string> { ["Demo__Repository"] = repository });

        var answer = await demo.WaitForAnswerAsync(new Uri($"{url}/healthz"), StartDeadline);
        await demo.WaitForOutputAsync($"API:              {url}", StartDeadline);

        Assert.Equal("ok", answer);
    }

    [Theory]
    [InlineData("--demo")]
    [InlineData("--demo=true")]
    public async Task Silo_DemoOption_ExitsWithCode2NamingTheDemoProject(string option)
    {
        await using var silo = HostProcess.Start(BuiltHost.Locate("Fleet.Silo", Path.Combine("src", "Silo")), [option]);

        var code = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains("dotnet run --project tools/Demo", silo.Output, StringComparison.Ordinal);
    }
}
