using Fleet.Reconciler.Kubernetes;
using Fleet.Simulator.Hosting;
using Fleet.Simulator.Storage;

namespace Fleet.Grains.Tests.Applying;

/// <summary>
/// One in-process simulator (plain HTTP) shared by a test collection. Each test adds its own virtual cluster, so
/// faults and objects of one test never reach another.
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public SimulatorServer Server { get; private set; } = null!;

    /// <summary>Fast retries and no practical rate limit, so tests spend their time on behaviour, not waiting.</summary>
    public static ClusterConnectionOptions FastOptions() => new()
    {
        QueriesPerSecond = 10_000,
        Burst = 10_000,
        RequestTimeout = TimeSpan.FromSeconds(5),
        MaxAttempts = 5,
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
    };

    public async Task InitializeAsync() => Server = await SimulatorServer.StartAsync(new SimulatorOptions());

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Adds a virtual cluster with a unique name.</summary>
    public (string Name, VirtualCluster Cluster) NewCluster()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        return (name, Server.AddCluster(name));
    }

    /// <summary>Adds a virtual cluster and opens a connection to it.</summary>
    public (IClusterConnection Connection, VirtualCluster Cluster) Connect(ClusterConnectionOptions? options = null)
    {
        var (name, cluster) = NewCluster();
        var endpoint = new ClusterEndpoint(Server.ClusterUrl(name), null, false, null, null, null);
        return (new ClusterConnectionFactory(options ?? FastOptions()).Create(name, endpoint), cluster);
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorFixture>
{
    public const string Name = "Kubernetes simulator";
}
