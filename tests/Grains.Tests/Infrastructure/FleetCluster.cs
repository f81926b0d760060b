using Fleet.Grains.Runtime;
using Fleet.Simulator.Controllers;
using Fleet.Simulator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// A real 2-silo Orleans cluster running Fleet's grains, a Kubernetes API simulator and a Git server on loopback,
/// shared by the end-to-end tests of a collection. Each test uses its own repository, clusters and application
/// names, so tests run in parallel without interfering.
/// </summary>
public sealed class FleetCluster : IAsyncLifetime
{
    private int _next;

    public TestCluster Orleans { get; private set; } = null!;

    public SimulatorServer Simulator { get; private set; } = null!;

    public GitServer Git { get; private set; } = null!;

    public IGrainFactory Grains => Orleans.Client;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            Controllers = new ControllerOptions
            {
                ReplicaReadyDelay = TimeSpan.FromMilliseconds(50),
                JobDuration = TimeSpan.FromMilliseconds(100),
                VolumeBindDelay = TimeSpan.FromMilliseconds(50),
                LoadBalancerDelay = TimeSpan.FromMilliseconds(50),
            },
        });
        Git = await GitServer.StartAsync();
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Orleans = builder.Build();
        await Orleans.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Orleans.StopAllSilosAsync();
        await Orleans.DisposeAsync();
        await Simulator.DisposeAsync();
        await Git.DisposeAsync();
    }

    /// <summary>A unique name for a test's repository, clusters or application.</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _next)}-{Guid.NewGuid().ToString("N")[..5]}";

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage("fleet-memory");
            siloBuilder.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>("fleet",
                (services, _) => new CountingGrainStorage(services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>("fleet-memory")));
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.Services.Configure<Fleet.Reconciler.Kubernetes.ClusterConnectionOptions>(o =>
            {
                o.RequestTimeout = TimeSpan.FromSeconds(3);
                o.MaxAttempts = 3;
                o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                o.MaxBackoff = TimeSpan.FromMilliseconds(500);
            });
            siloBuilder.Services.AddFleetGrainServices(o =>
            {
                o.ProbeInterval = TimeSpan.FromSeconds(1);
                o.InitialRetryDelay = TimeSpan.FromMilliseconds(200);
                o.MaxRetryDelay = TimeSpan.FromSeconds(2);
                o.ResyncPeriod = TimeSpan.FromSeconds(30);
                o.GitCacheDirectory = Path.Combine(Path.GetTempPath(), "fleet-tests-git", Guid.NewGuid().ToString("N"));
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FleetClusterCollection : ICollectionFixture<FleetCluster>
{
    public const string Name = "fleet-cluster";
}
