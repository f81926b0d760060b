using Fleet.Grains.Clusters;
using Fleet.Reconciler.Kubernetes;
using Fleet.Simulator.Hosting;

namespace Fleet.Grains.Tests.Applying;

/// <summary>HTTPS with a generated CA and per-cluster bearer tokens, connected through an imported kubeconfig.</summary>
public sealed class ClusterConnectionTlsTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await SimulatorServer.StartAsync(new SimulatorOptions { Https = true, Tokens = true, Clusters = ["a", "b"] });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ApplyAsync_ThroughImportedKubeconfig_WorksOverHttpsWithToken()
    {
        var endpoint = KubeconfigImport.FromKubeconfig(_server.Kubeconfig(), "a");
        using var connection = Factory().Create("a", endpoint);

        var info = await connection.ProbeAsync(CancellationToken.None);
        var live = await connection.ApplyAsync(Manifests.ConfigMap("secure"), "fleet", false, false, CancellationToken.None);

        Assert.StartsWith("https://", endpoint.Server, StringComparison.Ordinal);
        Assert.NotNull(endpoint.Token);
        Assert.StartsWith("v", info.GitVersion, StringComparison.Ordinal);
        Assert.Equal("secure", Manifests.Name(live));
    }

    [Fact]
    public async Task ProbeAsync_WrongToken_ThrowsUnauthorizedWithoutTheToken()
    {
        var endpoint = KubeconfigImport.FromKubeconfig(_server.Kubeconfig(), "a") with { Token = "not-the-token-" + Guid.NewGuid() };
        using var connection = Factory().Create("a", endpoint);

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => connection.ProbeAsync(CancellationToken.None));

        Assert.Equal(UnreachableReason.Unauthorized, error.Reason);
        Assert.Contains("rejected Fleet's credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint.Token!, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, connection.RequestCount); // never retried
    }

    [Fact]
    public async Task ProbeAsync_OtherClustersToken_ThrowsUnauthorized()
    {
        var tokenOfB = KubeconfigImport.FromKubeconfig(_server.Kubeconfig(), "b").Token;
        var endpoint = KubeconfigImport.FromKubeconfig(_server.Kubeconfig(), "a") with { Token = tokenOfB };
        using var connection = Factory().Create("a", endpoint);

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => connection.ProbeAsync(CancellationToken.None));

        Assert.Equal(UnreachableReason.Unauthorized, error.Reason);
    }

    [Fact]
    public async Task ProbeAsync_ServerCertificateNotTrusted_ThrowsConnectionFailedAtOnce()
    {
        var endpoint = KubeconfigImport.FromKubeconfig(_server.Kubeconfig(), "a") with { CertificateAuthorityData = null };
        using var connection = Factory().Create("a", endpoint);

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => connection.ProbeAsync(CancellationToken.None));

        Assert.Equal(UnreachableReason.ConnectionFailed, error.Reason);
        Assert.Contains("CertificateAuthorityData", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(endpoint.Token!, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, connection.RequestCount);
    }

    [Fact]
    public async Task ProbeAsync_InsecureSkipTlsVerify_ConnectsWithoutTheCa()
    {
        var endpoint = KubeconfigImport.FromKubeconfig(_server.Kubeconfig(), "a") with
        {
            CertificateAuthorityData = null,
            InsecureSkipTlsVerify = true,
        };
        using var connection = Factory().Create("a", endpoint);

        var info = await connection.ProbeAsync(CancellationToken.None);

        Assert.StartsWith("v", info.GitVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsAndWatches_OverHttps_GoOverHttp2()
    {
        var endpoint = KubeconfigImport.FromKubeconfig(_server.Kubeconfig(), "b");
        using var connection = Factory().Create("b", endpoint);
        var cluster = _server.Cluster("b");
        var (before, http2Before) = (cluster.RequestCount, cluster.Http2RequestCount);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await connection.ApplyAsync(Manifests.ConfigMap("listed"), "fleet", false, false, stop.Token);
        await foreach (var change in connection.WatchAsync("v1", "ConfigMap", null, stop.Token))
        {
            if (change.Type == WatchChangeType.Synced)
            {
                // The watch opens after the list: an object applied now reaches it as an event.
                _ = connection.ApplyAsync(Manifests.ConfigMap("watched"), "fleet", false, false, stop.Token);
            }
            else if (Manifests.Name(change.Object) == "watched")
            {
                break;
            }
        }

        var requests = cluster.RequestCount - before;
        Assert.True(requests >= 4, $"{requests} requests"); // apply, list, watch, apply (and discovery)
        Assert.Equal(requests, cluster.Http2RequestCount - http2Before);
    }

    private static ClusterConnectionFactory Factory() => new(SimulatorFixture.FastOptions());
}
