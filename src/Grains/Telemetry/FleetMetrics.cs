using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fleet.Grains.Telemetry;

/// <summary>
/// Fleet's metrics on the meter "Fleet", one per silo (a DI singleton). Grains call one method per measurement point;
/// per-instance and per-cluster status gauges read a per-silo registry that activations update on change and leave
/// on deactivation. Tags stay bounded: names, statuses and results, never revisions or messages.
/// </summary>
public sealed class FleetMetrics : IDisposable
{
    /// <summary>The meter and activity source name exporters subscribe to.</summary>
    public const string Name = "Fleet";

    /// <summary>Spans for reconciles and Git fetches.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly string[] SyncStatuses = ["Synced", "OutOfSync", "Unknown"];
    private static readonly string[] HealthStatuses = ["Healthy", "Suspended", "Progressing", "Missing", "Degraded", "Unknown"];
    private static readonly string[] ConnectionStatuses = ["Connected", "Unreachable", "Unknown"];

    private readonly Meter _meter = new(Name);
    private readonly Histogram<double> _reconcileDuration;
    private readonly Counter<long> _syncs;
    private readonly Counter<long> _gitFetches;
    private readonly Histogram<double> _gitFetchDuration;
    private readonly Counter<long> _imageScans;
    private readonly Histogram<double> _imageScanDuration;
    private readonly Counter<long> _imageUpdates;
    private readonly ConcurrentDictionary<(string Application, string Cluster), Entry<(string Sync, string Health)>> _instances = new();
    private readonly ConcurrentDictionary<string, Entry<string>> _clusters = new(StringComparer.Ordinal);

    /// <summary>
    /// The process's metrics. Hosts share it rather than each making its own, because OpenTelemetry listens to
    /// meters by name across the process and drops a series once any instrument of that name is disposed: a host
    /// that stopped would take away the series of the hosts that go on.
    /// </summary>
    public static FleetMetrics Process { get; } = new();

    /// <summary>Creates the instruments.</summary>
    public FleetMetrics()
    {
        _reconcileDuration = _meter.CreateHistogram<double>("fleet_reconcile_duration", "s", "Duration of one reconcile of an application instance.");
        _syncs = _meter.CreateCounter<long>("fleet_sync", description: "Syncs (applies to a cluster) by result.");
        _gitFetches = _meter.CreateCounter<long>("fleet_git_fetch", description: "Git fetches by repository and result.");
        _gitFetchDuration = _meter.CreateHistogram<double>("fleet_git_fetch_duration", "s", "Duration of one Git refresh (remote check and fetch).");
        _imageScans = _meter.CreateCounter<long>("fleet_image_scan", description: "Registry scans by image repository and result.");
        _imageScanDuration = _meter.CreateHistogram<double>("fleet_image_scan_duration", "s", "Duration of one registry scan (every page of tags).");
        _imageUpdates = _meter.CreateCounter<long>("fleet_image_update", description: "Image update runs by image update and result (Pushed, Unchanged, Failed).");
        _meter.CreateObservableGauge("fleet_instance_sync_status", ObserveInstanceSync,
            description: "1 for the current sync status of an application instance, 0 for the others.");
        _meter.CreateObservableGauge("fleet_instance_health_status", ObserveInstanceHealth,
            description: "1 for the current health status of an application instance, 0 for the others.");
        _meter.CreateObservableGauge("fleet_cluster_connection_status", ObserveClusters,
            description: "1 for the current connection status of a cluster, 0 for the others.");
    }

    /// <summary>One reconcile finished with <paramref name="result"/> (e.g. Synced, OutOfSync, Failed, Unreachable).</summary>
    public void RecordReconcile(TimeSpan duration, string result) =>
        _reconcileDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("result", result));

    /// <summary>One sync (apply to a cluster) finished with <paramref name="result"/> (Succeeded or Failed).</summary>
    public void CountSync(string result) => _syncs.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>One Git refresh of <paramref name="repository"/> finished with <paramref name="result"/>.</summary>
    public void RecordGitFetch(string repository, string result, TimeSpan duration)
    {
        var tags = new TagList { { "repository", repository }, { "result", result } };
        _gitFetches.Add(1, tags);
        _gitFetchDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>One registry scan of <paramref name="imageRepository"/> finished with <paramref name="result"/>.</summary>
    public void RecordImageScan(string imageRepository, string result, TimeSpan duration)
    {
        var tags = new TagList { { "image_repository", imageRepository }, { "result", result } };
        _imageScans.Add(1, tags);
        _imageScanDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>One run of <paramref name="imageUpdate"/> finished with <paramref name="result"/>.</summary>
    public void CountImageUpdate(string imageUpdate, string result) =>
        _imageUpdates.Add(1, new TagList { { "image_update", imageUpdate }, { "result", result } });

    /// <summary>The instance's current status, as published by its activation <paramref name="owner"/>.</summary>
    public void SetInstanceStatus(object owner, string application, string cluster, string sync, string health) =>
        _instances[(application, cluster)] = new(owner, (sync, health));

    /// <summary>The activation <paramref name="owner"/> is gone (deactivated or retired): drop its series.</summary>
    public void RemoveInstance(object owner, string application, string cluster) => Remove(_instances, (application, cluster), owner);

    /// <summary>The cluster's connection status, as seen by its activation <paramref name="owner"/>.</summary>
    public void SetClusterStatus(object owner, string cluster, string status) => _clusters[cluster] = new(owner, status);

    /// <summary>The cluster's activation <paramref name="owner"/> is gone: drop its series.</summary>
    public void RemoveCluster(object owner, string cluster) => Remove(_clusters, cluster, owner);

    /// <summary>Disposes the meter.</summary>
    public void Dispose() => _meter.Dispose();

    private static void Remove<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> entries, TKey key, object owner) where TKey : notnull
    {
        // Only the activation that wrote the entry removes it: a newer activation may own it by now.
        if (entries.TryGetValue(key, out var entry) && ReferenceEquals(entry.Owner, owner))
        {
            entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    private IEnumerable<Measurement<int>> ObserveInstanceSync() =>
        _instances.SelectMany(i => SyncStatuses.Select(s => new Measurement<int>(s == i.Value.Value.Sync ? 1 : 0,
            new("application", i.Key.Application), new("cluster", i.Key.Cluster), new("status", s))));

    private IEnumerable<Measurement<int>> ObserveInstanceHealth() =>
        _instances.SelectMany(i => HealthStatuses.Select(s => new Measurement<int>(s == i.Value.Value.Health ? 1 : 0,
            new("application", i.Key.Application), new("cluster", i.Key.Cluster), new("status", s))));

    private IEnumerable<Measurement<int>> ObserveClusters() =>
        _clusters.SelectMany(c => ConnectionStatuses.Select(s => new Measurement<int>(s == c.Value.Value ? 1 : 0,
            new("cluster", c.Key), new("status", s))));

    private sealed record Entry<T>(object Owner, T Value);
}
