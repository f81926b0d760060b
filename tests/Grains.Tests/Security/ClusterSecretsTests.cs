using Fleet.Grains.Clusters;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Simulator.Hosting;

namespace Fleet.Grains.Tests.Security;

/// <summary>Cluster credentials are ciphertext in grain storage, yet the silo connects with them.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class ClusterSecretsTests(FleetCluster fleet)
{
    [Fact]
    public async Task RegisterAsync_WithToken_PersistsCiphertextAndConnectsWithTheToken()
    {
        // A simulator of its own that demands each cluster's bearer token, so "Connected" proves the token was used.
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { Tokens = true });
        var name = fleet.UniqueName("secret");
        var token = simulator.AddCluster(name).BearerToken!;
        var cluster = fleet.Grains.GetGrain<IClusterGrain>(name);

        var view = await cluster.RegisterAsync(new ClusterRegistration { Server = simulator.ClusterUrl(name), Token = token });
        var persisted = await CountingGrainStorage.ReadPersistedAsync<ClusterState>("cluster", name);
        var endpoint = await cluster.GetEndpointAsync();

        Assert.Equal(Connectivity.Connected, view.Connectivity);
        Assert.True(view.HasToken);
        Assert.NotNull(persisted?.Registration?.Token);
        Assert.DoesNotContain(token, persisted.Registration.Token);
        Assert.Equal(token, endpoint?.Token);
        await cluster.UnregisterAsync();
    }

    [Fact]
    public async Task RegisterAsync_WrongToken_IsUnreachable()
    {
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { Tokens = true });
        var name = fleet.UniqueName("secret");
        simulator.AddCluster(name);
        var cluster = fleet.Grains.GetGrain<IClusterGrain>(name);

        var view = await cluster.RegisterAsync(new ClusterRegistration { Server = simulator.ClusterUrl(name), Token = "wrong" });

        Assert.Equal(Connectivity.Unreachable, view.Connectivity);
        await cluster.UnregisterAsync();
    }
}
