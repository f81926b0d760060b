using System.Collections.Concurrent;
using Fleet.Engine;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Runtime;
using Fleet.Kubernetes.Objects;
using Fleet.Reconciler.Kubernetes;
using Fleet.Reconciler.Runtime;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Fleet.Grains.Watching;

/// <summary>
/// Watches, per cluster and kind, the objects Fleet manages (selected by the application label), and routes each
/// change to the instance that owns the object. The loops run on the thread pool, outside any grain; the cluster
/// grain starts and stops them, and names the applications it hosts: a change is routed only to those, so objects
/// that anyone with write access to the cluster labels with made-up application names neither grow the routing map
/// nor wake grains for instances that do not exist. At most <see cref="MaxKindsPerCluster"/> kinds are watched per
/// cluster, however many kinds the applications declare.
/// </summary>
public sealed partial class ClusterInformers(IGrainFactory grains, ILogger<ClusterInformers> logger) : IDisposable
{
    /// <summary>
    /// Real clusters serve a few hundred kinds; more watches than this on one cluster can only come from repositories
    /// declaring kinds by the thousand, and would hold a stream (and a task) each. Kinds beyond it are not watched:
    /// their drift is found by the periodic resync instead.
    /// </summary>
    public const int MaxKindsPerCluster = 500;

    private readonly ConcurrentDictionary<(string Cluster, string ApiVersionKind), CancellationTokenSource> _watches = new();

    // The instance each change goes to, for the applications the cluster hosts, resolved once for all of a cluster's
    // watches: resolving a grain reference costs a reflection lookup, and a reference held per watch costs memory per
    // instance.
    private readonly ConcurrentDictionary<(string Cluster, string Application), IApplicationInstanceGrain> _instances = new();
    private readonly ConcurrentDictionary<string, bool> _capReported = new(StringComparer.Ordinal);

    /// <summary>Changes to objects of <paramref name="application"/> on <paramref name="cluster"/> go to its instance from now on.</summary>
    public void Route(string cluster, string application)
    {
        if (!_instances.ContainsKey((cluster, application)))
        {
            application = SharedText.Of(application);
            _instances.TryAdd((cluster, application), grains.GetGrain<IApplicationInstanceGrain>(InstanceKey.Of(application, cluster)));
        }
    }

    /// <summary>The application no longer runs on the cluster: its objects' changes go nowhere.</summary>
    public void Unroute(string cluster, string application) => _instances.TryRemove((cluster, application), out _);

    /// <summary>Starts a watch for each kind not yet watched on this cluster, up to <see cref="MaxKindsPerCluster"/>.</summary>
    public void Ensure(string cluster, IClusterConnection connection, IEnumerable<string> apiVersionKinds)
    {
        foreach (var kind in apiVersionKinds)
        {
            var key = (cluster, kind);
            if (_watches.ContainsKey(key))
            {
                continue;
            }
            if (_watches.Keys.Count(k => k.Cluster == cluster) >= MaxKindsPerCluster)
            {
                if (_capReported.TryAdd(cluster, true))
                {
                    LogKindCap(logger, cluster, MaxKindsPerCluster);
                }
                return;
            }
            var stop = new CancellationTokenSource();
            if (_watches.TryAdd(key, stop))
            {
                _ = Task.Run(() => RunAsync(cluster, connection, kind, stop.Token));
            }
            else
            {
                stop.Dispose();
            }
        }
    }

    /// <summary>Stops every watch on the cluster (unregistered, re-registered or moved to another silo).</summary>
    public void Stop(string cluster)
    {
        foreach (var key in _watches.Keys.Where(k => k.Cluster == cluster).ToList())
        {
            if (_watches.TryRemove(key, out var stop))
            {
                stop.Cancel();
                stop.Dispose();
            }
        }
        foreach (var key in _instances.Keys.Where(k => k.Cluster == cluster).ToList())
        {
            _instances.TryRemove(key, out _);
        }
        _capReported.TryRemove(cluster, out _);
    }

    /// <summary>The applications whose objects' changes on <paramref name="cluster"/> are routed to their instances.</summary>
    public IReadOnlyList<string> Routed(string cluster) => [.. _instances.Keys.Where(k => k.Cluster == cluster).Select(k => k.Application)];

    public IReadOnlyList<string> Watched(string cluster) => [.. _watches.Keys.Where(k => k.Cluster == cluster).Select(k => k.ApiVersionKind)];

    private async Task RunAsync(string cluster, IClusterConnection connection, string apiVersionKind, CancellationToken cancellationToken)
    {
        var (apiVersion, kind) = ObjectIdentity.SplitKind(apiVersionKind);
        // While the watch lists again after its history expired: what it found, per application. Kept only for the
        // length of the list, so a cluster at rest holds no copy of its objects' identities.
        Dictionary<string, HashSet<ObjectRef>>? relisted = null;
        try
        {
            await foreach (var change in connection.WatchAsync(apiVersion, kind, FleetLabels.Selector, cancellationToken))
            {
                if (change.Type == WatchChangeType.Relisting)
                {
                    relisted = new(StringComparer.Ordinal);
                    continue;
                }
                if (change.Type == WatchChangeType.Synced)
                {
                    if (relisted is not null)
                    {
                        await TellRelistedAsync(cluster, apiVersionKind, relisted);
                        relisted = null;
                    }
                    continue;
                }
                var application = change.Label(FleetLabels.Application);
                if (string.IsNullOrEmpty(application) || change.ToUtf8() is not { } utf8)
                {
                    continue;
                }
                if (!_instances.TryGetValue((cluster, application), out var instance))
                {
                    // Labelled for an application this cluster does not host (a copy, or a made-up label).
                    continue;
                }
                if (relisted is not null)
                {
                    (relisted.TryGetValue(application, out var listed) ? listed : relisted[application] = []).Add(ObjectIdentity.Of(utf8));
                }
                // Immutable: the instance only reads the bytes, so the call passes them on without a copy.
                await instance.OnLiveChangedAsync(new Immutable<byte[]>(utf8), change.Type == WatchChangeType.Deleted);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped
        }
        catch (Exception e)
        {
            LogWatchEnded(logger, e, cluster, apiVersionKind);
            _watches.TryRemove((cluster, apiVersionKind), out _);
        }
    }

    // Every instance this cluster's watches have routed to hears what the relist found of its own objects (maybe
    // nothing): objects it knew and that were not listed were deleted while the watch was not looking.
    private async Task TellRelistedAsync(string cluster, string apiVersionKind, Dictionary<string, HashSet<ObjectRef>> relisted)
    {
        foreach (var ((instanceCluster, application), instance) in _instances)
        {
            if (instanceCluster == cluster)
            {
                IReadOnlySet<ObjectRef> listed = relisted.TryGetValue(application, out var found) ? found : EmptySet;
                await instance.OnRelistedAsync(apiVersionKind, new Immutable<IReadOnlySet<ObjectRef>>(listed));
            }
        }
    }

    private static readonly IReadOnlySet<ObjectRef> EmptySet = new HashSet<ObjectRef>();

    public void Dispose()
    {
        foreach (var stop in _watches.Values)
        {
            stop.Cancel();
            stop.Dispose();
        }
        _watches.Clear();
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Cluster {Cluster} has {Limit} watched kinds; further kinds are not watched and their drift is found by the periodic resync")]
    private static partial void LogKindCap(ILogger logger, string cluster, int limit);

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Watch of {Kind} on cluster {Cluster} ended")]
    private static partial void LogWatchEnded(ILogger logger, Exception exception, string cluster, string kind);
}
