using Fleet.Simulator.Hosting;

namespace Fleet.Demo;

/// <summary>
/// Holds the demo's simulator for the life of the host. The container disposes it after every hosted service has
/// stopped, the silo included: the grains deactivate while their clusters still answer, instead of waiting on
/// connections to a server that is already gone (which made Ctrl+C take the whole shutdown timeout).
/// </summary>
public sealed class DemoSimulator : IAsyncDisposable
{
    private SimulatorServer? _server;

    /// <summary>The running simulator (after <see cref="StartAsync"/>).</summary>
    public SimulatorServer Server => _server ?? throw new InvalidOperationException("the demo's simulator has not started");

    /// <summary>Starts the simulator with <paramref name="clusters"/>.</summary>
    public async Task<SimulatorServer> StartAsync(IReadOnlyList<string> clusters, CancellationToken cancellationToken) =>
        _server = await SimulatorServer.StartAsync(new SimulatorOptions { Clusters = [.. clusters] }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
