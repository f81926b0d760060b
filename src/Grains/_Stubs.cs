// TEMPORARY contract stubs for Git and Kubernetes while they are written in parallel; deleted at merge.
using System.Text.Json.Nodes;

namespace Fleet.Grains.Kubernetes;

    public sealed record ClusterEndpoint(string Server, string? CertificateAuthorityData, bool InsecureSkipTlsVerify, string? Token, string? ClientCertificateData, string? ClientKeyData);
    public sealed class ClusterConnectionOptions
    {
        public double QueriesPerSecond { get; set; } = 50;
        public int Burst { get; set; } = 100;
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
        public int MaxRetries { get; set; } = 4;
        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
    }
    public sealed class ClusterUnreachableException(string reason, string message, Exception? inner = null) : Exception(message, inner) { public string Reason { get; } = reason; }
    public sealed class KubernetesApiException(int code, string reason, string message) : Exception(message) { public int Code { get; } = code; public string Reason { get; } = reason; }
    public sealed record ResourceMapping(string ApiVersion, string Kind, string Plural, bool Namespaced);
    public sealed record ServerInfo(string GitVersion);
    public enum WatchChangeType { Added, Modified, Deleted, Synced }
    public sealed record WatchChange(WatchChangeType Type, JsonObject? Object);
    public interface IClusterConnection : IDisposable
    {
        Task<ServerInfo> ProbeAsync(CancellationToken ct);
        Task<ResourceMapping> MapAsync(string apiVersion, string kind, CancellationToken ct);
        Task<JsonObject> ApplyAsync(JsonObject manifest, string fieldManager, bool force, bool dryRun, CancellationToken ct);
        Task<JsonObject?> GetAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct);
        Task<IReadOnlyList<JsonObject>> ListAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct);
        Task<bool> DeleteAsync(string apiVersion, string kind, string? ns, string name, CancellationToken ct);
        IAsyncEnumerable<WatchChange> WatchAsync(string apiVersion, string kind, string? labelSelector, CancellationToken ct);
        long RequestCount { get; }
    }
    public interface IClusterConnectionFactory { IClusterConnection Create(string clusterName, ClusterEndpoint endpoint); }
    public sealed class ClusterConnectionFactory(ClusterConnectionOptions options) : IClusterConnectionFactory
    {
        public ClusterConnectionOptions Options => options;
        public IClusterConnection Create(string clusterName, ClusterEndpoint endpoint) => throw new NotImplementedException();
    }
