namespace Fleet.Grains.Interfaces.Clusters;

/// <summary>How Fleet reaches a cluster's API server, as registered. Credentials never leave the silo.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ClusterRegistration")]
public sealed record ClusterRegistration
{
    [Id(0)] public required string Server { get; init; }
    [Id(1)] public string? CertificateAuthorityData { get; init; }
    [Id(2)] public bool InsecureSkipTlsVerify { get; init; }
    [Id(3)] public string? Token { get; init; }
    [Id(4)] public string? ClientCertificateData { get; init; }
    [Id(5)] public string? ClientKeyData { get; init; }
    [Id(6)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Push (the control plane calls the API server) or agent (an agent in the cluster calls the control plane).</summary>
    [Id(7)] public ClusterMode Mode { get; init; }
}

/// <summary>Who opens the connection between the control plane and a cluster.</summary>
[GenerateSerializer]
public enum ClusterMode
{
    /// <summary>The control plane holds the cluster's credentials and calls its API server.</summary>
    Push = 0,

    /// <summary>
    /// A Fleet agent in the cluster calls the control plane with a credential bound to this cluster; the control plane
    /// holds no credential for the cluster and never opens a connection to it.
    /// </summary>
    Agent = 1,
}

/// <summary>Whether Fleet can talk to a cluster.</summary>
[GenerateSerializer]
public enum Connectivity
{
    /// <summary>Not probed yet.</summary>
    Unknown = 0,

    /// <summary>The API server answered the last probe.</summary>
    Connected = 1,

    /// <summary>The API server did not answer; the reason says why.</summary>
    Unreachable = 2,
}

/// <summary>A cluster as the API shows it: never its token or keys.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ClusterView")]
public sealed record ClusterView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Server { get; init; }
    [Id(2)] public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    [Id(3)] public bool InsecureSkipTlsVerify { get; init; }
    [Id(4)] public bool HasToken { get; init; }
    [Id(5)] public bool HasClientCertificate { get; init; }
    [Id(6)] public Connectivity Connectivity { get; init; }
    [Id(7)] public string? Reason { get; init; }
    [Id(8)] public string? Message { get; init; }
    [Id(9)] public string? ServerVersion { get; init; }
    [Id(10)] public DateTimeOffset? LastProbe { get; init; }
    [Id(11)] public InstanceCounts Instances { get; init; } = new();
    [Id(12)] public ClusterMode Mode { get; init; }

    /// <summary>
    /// Only in the answer that registers an agent cluster (or issues it a new token): the secret the agent trades for
    /// its credential. Never stored in clear, never shown again.
    /// </summary>
    [Id(13)]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? BootstrapToken { get; init; }
}

/// <summary>Counts of application instances by sync and health; summed up per cluster, per application and for the fleet.</summary>
[GenerateSerializer, Immutable, Alias("fleet.InstanceCounts")]
public sealed record InstanceCounts
{
    [Id(0)] public int Total { get; init; }
    [Id(1)] public int Synced { get; init; }
    [Id(2)] public int OutOfSync { get; init; }
    [Id(3)] public int SyncUnknown { get; init; }
    [Id(4)] public int Healthy { get; init; }
    [Id(5)] public int Suspended { get; init; }
    [Id(6)] public int Progressing { get; init; }
    [Id(7)] public int Missing { get; init; }
    [Id(8)] public int Degraded { get; init; }
    [Id(9)] public int Unknown { get; init; }
}
