using System.Text.Json.Nodes;

namespace Fleet.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of <c>fleet</c> produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The standard output parsed as JSON (for <c>-o json</c>).</summary>
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("stdout is JSON null");

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs <c>fleet</c> commands in-process through <see cref="CliApp.RunAsync"/> with a private config file.</summary>
public sealed class CliRunner
{
    private readonly Dictionary<string, string> _environment;

    /// <summary>A runner whose config file lives in a fresh temporary directory; no FLEET_SERVER or FLEET_TOKEN.</summary>
    public CliRunner(IReadOnlyDictionary<string, string>? environment = null)
    {
        ConfigPath = Path.Combine(Directory.CreateTempSubdirectory("fleet-cli-config-").FullName, "config.json");
        _environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["FLEET_CONFIG"] = ConfigPath };
    }

    /// <summary>Where this runner's <c>fleet login</c> writes.</summary>
    public string ConfigPath { get; }

    /// <summary>Runs one command line.</summary>
    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, new CliEnvironment(_environment));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a command until <paramref name="done"/> holds or the deadline passes; answers the last result.</summary>
    public async Task<CliResult> EventuallyAsync(Func<CliResult, bool> done, string[] args, int seconds = 30)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        var result = await RunAsync(args);
        while (!done(result) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            result = await RunAsync(args);
        }
        return result;
    }
}
