using Fleet.Simulator.Hosting;

namespace Fleet.Simulator;

/// <summary>
/// Standalone simulator: <c>dotnet run --project tools/Simulator -- --urls http://127.0.0.1:6443 --clusters dev,staging,prod</c>.
/// (An explicit class rather than top-level statements, so hosts that reference this assembly keep their own Program.)
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = SimulatorCommandLine.Parse(args, out var kubeconfigPath, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(SimulatorCommandLine.Usage);
            return 2;
        }
        await using var server = await SimulatorServer.StartAsync(options);
        Console.WriteLine($"Kubernetes API simulator listening on {server.BaseAddress}");
        foreach (var cluster in server.Clusters.All.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            Console.WriteLine($"  cluster {cluster.Name}: {server.ClusterUrl(cluster.Name)}");
        }
        if (kubeconfigPath is not null)
        {
            await File.WriteAllTextAsync(kubeconfigPath, server.Kubeconfig());
            Console.WriteLine($"kubeconfig written to {kubeconfigPath} (one context per cluster)");
        }
        if (options.AdminToken is not null)
        {
            Console.WriteLine($"admin token (for /admin): {options.AdminToken}");
        }
        try
        {
            await Task.Delay(Timeout.Infinite, server.Stopping);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: dispose the server and exit.
        }
        return 0;
    }
}
