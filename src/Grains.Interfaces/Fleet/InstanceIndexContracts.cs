using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;

namespace Fleet.Grains.Interfaces.Fleet;

/// <summary>
/// The compact row the instance index keeps per instance: enough to list and filter instances without asking them.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.InstanceRow")]
public sealed record InstanceRow
{
    [Id(0)] public required string Application { get; init; }
    [Id(1)] public required string Cluster { get; init; }
    [Id(2)] public SyncStatus Sync { get; init; }
    [Id(3)] public HealthStatus Health { get; init; } = HealthStatus.Unknown;
    [Id(4)] public string? Revision { get; init; }

    /// <summary>Machine reason of the first condition that is not OK (what to look at first), or null.</summary>
    [Id(5)] public string? Reason { get; init; }

    /// <summary>The sentence of that condition.</summary>
    [Id(6)] public string? Message { get; init; }

    /// <summary>When the instance last reported a change of sync, health, revision or reason.</summary>
    [Id(7)] public DateTimeOffset ChangedAt { get; init; }

    /// <summary>True on the report of a retired instance: the index drops its row.</summary>
    [Id(8)] public bool Removed { get; init; }
}

/// <summary>
/// One requirement of a label selector on cluster labels (<c>env=prod</c>, <c>tier!=web</c>, <c>region in (eu,us)</c>):
/// a query's selector and an application's <c>destination.selector.matchExpressions</c> alike. The rules (operators,
/// matching, validation) live in <c>Fleet.Kubernetes.Selectors</c>; this is only its wire form.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.LabelRequirement")]
public sealed record LabelRequirement
{
    /// <summary>Value one of <see cref="Values"/>.</summary>
    public const string In = "In";

    /// <summary>Absent, or a value none of <see cref="Values"/>.</summary>
    public const string NotIn = "NotIn";

    /// <summary>The key is present.</summary>
    public const string Exists = "Exists";

    /// <summary>The key is absent.</summary>
    public const string DoesNotExist = "DoesNotExist";

    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Operator { get; init; }
    [Id(2)] public IReadOnlyList<string> Values { get; init; } = [];
}

/// <summary>A page request on the instance index: filters (all optional, all must hold), an exclusive start key and a size.</summary>
[GenerateSerializer, Immutable, Alias("fleet.InstanceQuery")]
public sealed record InstanceQuery
{
    [Id(0)] public string? Application { get; init; }
    [Id(1)] public string? Cluster { get; init; }
    [Id(2)] public SyncStatus? Sync { get; init; }
    [Id(3)] public HealthStatus? Health { get; init; }

    /// <summary>Cluster label requirements; resolved against the directory's labels.</summary>
    [Id(4)] public IReadOnlyList<LabelRequirement> Selector { get; init; } = [];

    /// <summary>Rows strictly after this (application, cluster) in ordinal order; null starts at the beginning.</summary>
    [Id(5)] public InstanceKeyPosition? After { get; init; }

    [Id(6)] public int Limit { get; init; } = 100;

    /// <summary>Only clusters in this set (the resolved selector); null means every cluster. Set by the query grain.</summary>
    [Id(7)] public IReadOnlyList<string>? Clusters { get; init; }

    /// <summary>Only these applications (those a project-scoped caller may see); null means every application.</summary>
    [Id(8)] public IReadOnlyList<string>? Applications { get; init; }
}

/// <summary>A position in the index's order (application, then cluster, ordinal).</summary>
[GenerateSerializer, Immutable, Alias("fleet.InstanceKeyPosition")]
public sealed record InstanceKeyPosition(
    [property: Id(0)] string Application,
    [property: Id(1)] string Cluster);

/// <summary>A page of rows in (application, cluster) order, the count of every match and whether more follow.</summary>
[GenerateSerializer, Immutable, Alias("fleet.InstancePage")]
public sealed record InstancePage
{
    [Id(0)] public IReadOnlyList<InstanceRow> Rows { get; init; } = [];

    /// <summary>Every row that matches the filters, on every page.</summary>
    [Id(1)] public int Total { get; init; }

    /// <summary>Matching rows after the start key, this page included.</summary>
    [Id(2)] public int Remaining { get; init; }
}

/// <summary>
/// One partition of the instance index (key "index/N"). Holds a sorted row per instance in memory; rows arrive in
/// batches from the per-silo <see cref="IInstanceIndexAggregatorGrain"/>.
/// </summary>
public interface IInstanceIndexGrain : IGrainWithStringKey
{
    /// <summary>Applies a batch of rows (a newer row replaces an older one; a removed row drops it).</summary>
    Task ApplyAsync(IReadOnlyList<InstanceRow> rows);

    /// <summary>A page of this partition's matching rows.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<InstancePage> QueryAsync(InstanceQuery query);

    /// <summary>Instance counts by application of this partition.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyDictionary<string, InstanceCounts>> CountByApplicationAsync();
}

/// <summary>A per-silo pre-aggregator of instance rows: one batch per partition per flush.</summary>
public interface IInstanceIndexAggregatorGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Queues an instance's row (the latest per instance wins). Interleaved: it only records the row, and reports must
    /// not queue behind a flush (the runtime scans its queue on every turn, so a long queue costs quadratic time).
    /// </summary>
    [Orleans.Concurrency.OneWay]
    [Orleans.Concurrency.AlwaysInterleave]
    Task ReportAsync(InstanceRow row);
}

/// <summary>
/// Answers instance index queries (a stateless worker, key 0): resolves the selector against the directory, fans out
/// to every partition in parallel and merges their pages.
/// </summary>
public interface IInstanceQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A page of matching rows in (application, cluster) order.</summary>
    Task<InstancePage> QueryAsync(InstanceQuery query);

    /// <summary>Instance counts by application, over the whole fleet.</summary>
    Task<IReadOnlyDictionary<string, InstanceCounts>> CountByApplicationAsync();
}

/// <summary>An application's name and spec, as the directory keeps them.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ApplicationEntry")]
public sealed record ApplicationEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] ApplicationSpec? Spec);
