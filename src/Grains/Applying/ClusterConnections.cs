using System.Collections.Concurrent;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Applying;

/// <summary>
/// The silo's connections to clusters, one per cluster and registration, shared by every grain on the silo so that
/// each cluster has one rate limiter and one discovery cache per silo. A changed registration replaces the
/// connection.
/// </summary>
public sealed class ClusterConnections(IClusterConnectionFactory factory) : IDisposable
{
    private readonly ConcurrentDictionary<string, (ClusterEndpoint Endpoint, IClusterConnection Connection)> _connections = new(StringComparer.Ordinal);

    public IClusterConnection Get(string cluster, ClusterRegistration registration)
    {
        var endpoint = EndpointOf(registration);
        while (true)
        {
            if (_connections.TryGetValue(cluster, out var current))
            {
                if (current.Endpoint == endpoint)
                {
                    return current.Connection;
                }
                if (_connections.TryUpdate(cluster, (endpoint, factory.Create(cluster, endpoint)), current))
                {
                    current.Connection.Dispose();
                }
                continue;
            }
            var created = (endpoint, factory.Create(cluster, endpoint));
            if (_connections.TryAdd(cluster, created))
            {
                return created.Item2;
            }
            created.Item2.Dispose();
        }
    }

    public void Forget(string cluster)
    {
        if (_connections.TryRemove(cluster, out var removed))
        {
            removed.Connection.Dispose();
        }
    }

    public static ClusterEndpoint EndpointOf(ClusterRegistration registration) =>
        new(registration.Server, registration.CertificateAuthorityData,
            registration.InsecureSkipTlsVerify, registration.Token, registration.ClientCertificateData, registration.ClientKeyData);

    public void Dispose()
    {
        foreach (var (_, connection) in _connections.Values)
        {
            connection.Dispose();
        }
        _connections.Clear();
    }
}
