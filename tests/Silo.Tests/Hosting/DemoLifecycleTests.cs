using System.Diagnostics;

namespace Fleet.Silo.Tests.Hosting;

/// <summary>
/// The demo host as a user runs it: its first status line counts every instance, Ctrl+C stops it gracefully within
/// seconds, and its Git repository is the user's, created once, reused (and said so), reset on request.
/// </summary>
public sealed class DemoLifecycleTests
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(15);

    private static string Demo => BuiltHost.Locate("Fleet.Demo", Path.Combine("tools", "Demo"));

    /// <summary>A state folder of its own, so that parallel runs never share the per-user repository.</summary>
    private static Dictionary<string, string> OwnStateHome(string stateHome) => new() { ["XDG_STATE_HOME"] = stateHome, ["Demo__Repository"] = "" };

    [Fact]
    public async Task Demo_Interrupted_CountsEveryInstanceThenExitsZeroGracefullyWithinSeconds()
    {
        var url = $"http://127.0.0.1:{HostProcess.FreePort()}";
        var stateHome = Directory.CreateTempSubdirectory("fleet-demo-state-").FullName;
        await using var demo = HostProcess.Start(Demo, ["--urls", url], OwnStateHome(stateHome));

        await demo.WaitForAnswerAsync(new Uri($"{url}/healthz"), StartDeadline);
        await demo.WaitForOutputAsync("] clusters ", StartDeadline);
        // Read now: the host keeps only its last lines, and shutdown writes some.
        var first = demo.Output.Split('\n').First(l => l.Contains("] clusters ", StringComparison.Ordinal));
        var clock = Stopwatch.StartNew();
        await demo.SignalAsync(demo.IgnoresInterrupt() ? "TERM" : "INT");
        var code = await demo.WaitForExitAsync(StopDeadline);
        clock.Stop();

        // Four applications on three clusters.
        Assert.Matches(@"instances \d+/12 synced", first);
        Assert.True(code == 0, $"exit {code} after {clock.Elapsed}:\n{demo.Output}");
        Assert.DoesNotContain("non-graceful", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_Repository_PerUserCreatedThenReusedThenResetOnRequest()
    {
        var stateHome = Directory.CreateTempSubdirectory("fleet-demo-state-").FullName;
        var repository = Path.Combine(stateHome, "fleet-demo", "repository");

        var first = await BannerAsync([], stateHome);
        var second = await BannerAsync([], stateHome);
        // The switch first, so that a host option after it proves it is not read as the switch's value.
        var reset = await BannerAsync(["--demo-reset"], stateHome);

        Assert.Contains($"Git repository:   {repository}   (created)", first, StringComparison.Ordinal);
        Assert.Contains($"Git repository:   {repository}   (reused from an earlier run", second, StringComparison.Ordinal);
        Assert.Contains("--demo-reset starts afresh", second, StringComparison.Ordinal);
        Assert.Contains($"Git repository:   {repository}   (created)", reset, StringComparison.Ordinal);
    }

    private static async Task<string> BannerAsync(string[] switches, string stateHome)
    {
        var url = $"http://127.0.0.1:{HostProcess.FreePort()}";
        await using var demo = HostProcess.Start(Demo, [.. switches, "--urls", url], OwnStateHome(stateHome));
        await demo.WaitForOutputAsync("Git repository:", StartDeadline);
        await demo.WaitForOutputAsync($"API:              {url}", StartDeadline);
        return demo.Output;
    }
}
