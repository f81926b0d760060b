namespace Fleet.Grains.Interfaces.Clusters;

/// <summary>
/// One registered Kubernetes cluster (key: its name). Holds the endpoint and labels, probes connectivity, owns the
/// watch on the objects Fleet manages there and routes their changes to the application instances, and sums up
/// the instances placed on it.
/// </summary>
public interface IClusterGrain : IGrainWithStringKey
{
    /// <summary>Registers the cluster or replaces its registration; probes it at once.</summary>
    Task<ClusterView> RegisterAsync(ClusterRegistration registration);

    /// <summary>
    /// Registers the cluster from one context of a kubeconfig (server, CA, token or client certificate). Returns the
    /// view, or null and a sentence saying what is wrong with the kubeconfig.
    /// </summary>
    Task<(ClusterView? View, string? Error)> ImportAsync(string kubeconfig, string? context, IReadOnlyDictionary<string, string> labels);

    /// <summary>The cluster as the API shows it, or null when it is not registered.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ClusterView?> GetAsync();

    /// <summary>Forgets the cluster; its instances are retired by their applications.</summary>
    Task UnregisterAsync();

    /// <summary>Probes the API server now and records the result.</summary>
    Task<ClusterView> ProbeAsync();

    /// <summary>
    /// The endpoint with credentials, for the silo's own connection to the cluster. Never exposed by the HTTP API.
    /// Null when the cluster is not registered.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ClusterRegistration?> GetEndpointAsync();

    /// <summary>
    /// The agent of this (agent-mode) cluster called in with a valid credential: the cluster is connected, last seen
    /// now. Ignored for a push cluster.
    /// </summary>
    Task AgentSeenAsync();

    /// <summary>A new bootstrap token for this agent cluster (an agent that lost its credential); null for a push cluster.</summary>
    Task<string?> IssueBootstrapTokenAsync();

    /// <summary>An instance tells which kinds it manages here, so the cluster watches them for drift.</summary>
    Task WatchKindsAsync(string application, IReadOnlyList<string> apiVersionKinds);

    /// <summary>An instance on this cluster changed its sync or health: the cluster's roll-up moves by the difference.</summary>
    [Orleans.Concurrency.OneWay]
    Task ReportInstanceAsync(string application, InstanceCounts counts);

    /// <summary>An instance left this cluster: its counts leave the roll-up.</summary>
    [Orleans.Concurrency.OneWay]
    Task ForgetInstanceAsync(string application);
}
