using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Fleet.Kubernetes.Names;
using Fleet.Simulator.Storage;

namespace Fleet.Simulator.Hosting;

/// <summary>The virtual clusters one simulator serves, added and removed at run time.</summary>
public sealed class ClusterRegistry(ControllerLoop controllers, SimulatorOptions options)
{
    private readonly ConcurrentDictionary<string, VirtualCluster> _clusters = new(StringComparer.Ordinal);

    public IEnumerable<VirtualCluster> All => _clusters.Values;

    public int Count => _clusters.Count;

    public bool TryGet(string name, [NotNullWhen(true)] out VirtualCluster? cluster) => _clusters.TryGetValue(name, out cluster);

    /// <summary>
    /// Adds a cluster, or returns the existing one of that name. When the simulator runs with tokens, the cluster
    /// gets a fresh random bearer token.
    /// </summary>
    public VirtualCluster Add(string name)
    {
        // Cluster names appear in URLs and kubeconfig contexts: RFC 1123 labels only.
        if (!NameRules.IsDns1123Label(name))
        {
            throw new ArgumentException($"cluster name \"{name}\" must be a lowercase RFC 1123 label", nameof(name));
        }
        return _clusters.GetOrAdd(name, n =>
        {
            var token = options.Tokens ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) : null;
            var cluster = new VirtualCluster(n, token);
            controllers.Watch(cluster);
            return cluster;
        });
    }

    public bool Remove(string name)
    {
        if (!_clusters.TryRemove(name, out var cluster))
        {
            return false;
        }
        controllers.Forget(cluster);
        cluster.Close();
        return true;
    }
}
