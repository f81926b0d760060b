using System.Text.Json.Nodes;

namespace Fleet.Grains.Kubernetes;

/// <summary>How to reach a cluster, as registered: the *Data fields are base64 PEM, as in a kubeconfig.</summary>
public sealed record ClusterEndpoint(string Server, string? CertificateAuthorityData, bool InsecureSkipTlsVerify,
    string? Token, string? ClientCertificateData, string? ClientKeyData);

/// <summary>Limits Fleet keeps towards one cluster's API server (per silo).</summary>
public sealed class ClusterConnectionOptions
{
    /// <summary>Sustained requests per second (token bucket refill rate).</summary>
    public double QueriesPerSecond { get; set; } = 50;

    /// <summary>Requests that may go at once after a quiet period (token bucket size).</summary>
    public int Burst { get; set; } = 100;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxRetries { get; set; } = 4;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The API server could not be reached, or kept failing after retries. Reasons: ConnectionFailed, Timeout,
/// ServerError, Throttled, Unauthorized.
/// </summary>
public sealed class ClusterUnreachableException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}

/// <summary>The API server answered with a failure that retrying will not fix (400, 403, 404, 409, 422, ...).</summary>
public sealed class KubernetesApiException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;
}

/// <summary>What discovery says about a kind: its plural resource name and scope.</summary>
public sealed record ResourceMapping(string ApiVersion, string Kind, string Plural, bool Namespaced);

/// <summary>What /version says.</summary>
public sealed record ServerInfo(string GitVersion);

/// <summary>What a watch reports. <see cref="Synced"/> marks the end of a (re)list.</summary>
public enum WatchChangeType { Added, Modified, Deleted, Synced }

/// <summary>One change seen by a watch; <see cref="Object"/> is null for <see cref="WatchChangeType.Synced"/>.</summary>
public sealed record WatchChange(WatchChangeType Type, JsonObject? Object);

/// <summary>Fleet's only path to a cluster's API server, real or simulated.</summary>
public interface IClusterConnection : IDisposable
{
    Task<ServerInfo> ProbeAsync(CancellationToken ct);

    Task<ResourceMapping> MapAsync(string apiVersion, string kind, CancellationToken ct);

    Task<JsonObject> ApplyAsync(JsonObject manifest, string fieldManager, bool force, bool dryRun, CancellationToken ct);

    Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct);

    Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct);

    Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct);

    IAsyncEnumerable<WatchChange> WatchAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct);

    /// <summary>Requests sent to the API server so far (benchmarks and tests count them).</summary>
    long RequestCount { get; }
}

/// <summary>Creates connections; one per cluster and endpoint.</summary>
public interface IClusterConnectionFactory
{
    IClusterConnection Create(string clusterName, ClusterEndpoint endpoint);
}

/// <summary>Creates <see cref="ClusterConnection"/>s with shared options.</summary>
public sealed class ClusterConnectionFactory(ClusterConnectionOptions options) : IClusterConnectionFactory
{
    public IClusterConnection Create(string clusterName, ClusterEndpoint endpoint) => new ClusterConnection(clusterName, endpoint, options);
}
