using Fleet.Agent.Configuration;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent;

/// <summary>
/// fleet-agent's entry point. A class of its own, not top-level statements: the tests reference this assembly next to
/// the control plane's, whose top-level Program they name.
/// </summary>
public static class AgentProgram
{
    public static async Task<int> Main(string[] args)
    {
        var (settings, errors) = AgentSettings.Read(args, Environment.GetEnvironmentVariable);
        if (settings is null)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync(error);
            }
            return 2;
        }
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        // Not disposed: ProcessExit may cancel it after the run has ended.
        var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        var (runner, resources) = AgentHost.Create(settings, loggers);
        using (resources)
        {
            await runner.RunAsync(stop.Token);
        }
        return 0;
    }
}
