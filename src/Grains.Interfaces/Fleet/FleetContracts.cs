using Fleet.Grains.Interfaces.Clusters;

namespace Fleet.Grains.Interfaces.Fleet;

/// <summary>The fleet at a glance: clusters by connectivity and instances by sync and health.</summary>
[GenerateSerializer, Immutable, Alias("fleet.FleetSummary")]
public sealed record FleetSummary
{
    [Id(0)] public int Clusters { get; init; }
    [Id(1)] public int Connected { get; init; }
    [Id(2)] public int Unreachable { get; init; }
    [Id(3)] public InstanceCounts Instances { get; init; } = new();
    [Id(4)] public DateTimeOffset AsOf { get; init; }
}

/// <summary>A cluster's contribution to the fleet summary.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ClusterReport")]
public sealed record ClusterReport
{
    [Id(0)] public required string Cluster { get; init; }
    [Id(1)] public Connectivity Connectivity { get; init; }
    [Id(2)] public InstanceCounts Instances { get; init; } = new();
    [Id(3)] public bool Removed { get; init; }
}

/// <summary>
/// Directory of what is registered (key "fleet"): cluster names with labels, application and repository names.
/// Written only on registration changes, never on the reconcile path.
/// </summary>
public interface IFleetDirectoryGrain : IGrainWithStringKey
{
    Task SetClusterAsync(string name, IReadOnlyDictionary<string, string> labels);
    Task RemoveClusterAsync(string name);

    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetClustersAsync();
    Task AddApplicationAsync(string name);
    Task RemoveApplicationAsync(string name);
    Task<IReadOnlyList<string>> GetApplicationsAsync();

    /// <summary>Registers an application with its spec (the applications list and the index answer from it).</summary>
    Task SetApplicationAsync(string name, Applications.ApplicationSpec spec);

    /// <summary>Every application with its spec (null for one registered before specs were kept here), by name.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<ApplicationEntry>> GetApplicationEntriesAsync();

    /// <summary>The spec of one application, or null when none of that name is registered.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<Applications.ApplicationSpec?> GetApplicationSpecAsync(string name);
    Task AddRepositoryAsync(string name);
    Task RemoveRepositoryAsync(string name);
    Task<IReadOnlyList<string>> GetRepositoriesAsync();
    Task AddProjectAsync(string name);
    Task RemoveProjectAsync(string name);

    /// <summary>The projects made through the API (the built-in <c>default</c> is listed once an admin restricts it).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<string>> GetProjectsAsync();
}

/// <summary>
/// The fleet summary (key "fleet"). Cluster reports reach it through per-silo pre-aggregators in batches, so no
/// reconcile waits on it; reading it is a memory lookup.
/// </summary>
public interface IFleetSummaryGrain : IGrainWithStringKey
{
    [Orleans.Concurrency.AlwaysInterleave]
    Task<FleetSummary> GetAsync();

    Task ApplyReportsAsync(IReadOnlyList<ClusterReport> reports);
}

/// <summary>A per-silo pre-aggregator: collects cluster reports and forwards the latest of each in one batch.</summary>
public interface IFleetAggregatorGrain : IGrainWithIntegerKey
{
    /// <summary>Queues a cluster's report; interleaved for the same reason as <see cref="IInstanceIndexAggregatorGrain.ReportAsync"/>.</summary>
    [Orleans.Concurrency.OneWay]
    [Orleans.Concurrency.AlwaysInterleave]
    Task ReportAsync(ClusterReport report);
}
