using System.Collections.Concurrent;
using Fleet.Engine;
using Fleet.Grains.Applying;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Runtime;
using Fleet.Kubernetes.Objects;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Fleet.Grains.Watching;

/// <summary>
/// Watches, per cluster and kind, the objects Fleet manages (selected by the application label), and routes each
/// change to the instance that owns the object. The loops run on the thread pool, outside any grain; the cluster
/// grain starts and stops them.
/// </summary>
public sealed partial class ClusterInformers(IGrainFactory grains, ILogger<ClusterInformers> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(string Cluster, string ApiVersionKind), CancellationTokenSource> _watches = new();

    // The instance each change goes to, resolved once for all of a cluster's watches: resolving a grain reference
    // costs a reflection lookup, and a reference held per watch costs memory per instance.
    private readonly ConcurrentDictionary<(string Cluster, string Application), IApplicationInstanceGrain> _instances = new();

    /// <summary>Starts a watch for each kind not yet watched on this cluster.</summary>
    public void Ensure(string cluster, IClusterConnection connection, IEnumerable<string> apiVersionKinds)
    {
        foreach (var kind in apiVersionKinds)
        {
            var key = (cluster, kind);
            if (_watches.ContainsKey(key))
            {
                continue;
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
    }

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
                    application = SharedText.Of(application);
                    instance = _instances.GetOrAdd((cluster, application), grains.GetGrain<IApplicationInstanceGrain>(InstanceKey.Of(application, cluster)));
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

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Watch of {Kind} on cluster {Cluster} ended")]
    private static partial void LogWatchEnded(ILogger logger, Exception exception, string cluster, string kind);
}
