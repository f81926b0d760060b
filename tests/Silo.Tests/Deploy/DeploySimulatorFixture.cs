using Fleet.Simulator.Hosting;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>One simulator for the deployment tests; each test makes its own virtual cluster.</summary>
public sealed class DeploySimulatorFixture : IAsyncLifetime
{
    private int _next;

    public SimulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SimulatorServer.StartAsync(new SimulatorOptions());

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh virtual cluster and a kubectl whose kubeconfig points at it.</summary>
    public KubectlProcess NewCluster(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _next)}-{Guid.NewGuid().ToString("N")[..6]}";
        Server.AddCluster(name);
        var kubeconfig = Kubeconfig.Render([new KubeconfigEntry(name, Server.ClusterUrl(name), null, null)], name);
        return new KubectlProcess(kubeconfig);
    }
}
