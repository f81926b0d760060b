using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Runtime;

/// <summary>
/// Watches, per cluster and kind, the objects Fleet manages (selected by the application label), and routes each
/// change to the instance that owns the object. The loops run on the thread pool, outside any grain; the cluster
/// grain starts and stops them.
/// </summary>
public sealed partial class ClusterInformers(IGrainFactory grains, ILogger<ClusterInformers> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(string Cluster, string ApiVersionKind), CancellationTokenSource> _watches = new();

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
    }

    public IReadOnlyList<string> Watched(string cluster) => [.. _watches.Keys.Where(k => k.Cluster == cluster).Select(k => k.ApiVersionKind)];

    private async Task RunAsync(string cluster, IClusterConnection connection, string apiVersionKind, CancellationToken cancellationToken)
    {
        var (apiVersion, kind) = ObjectIdentity.SplitKind(apiVersionKind);
        // Objects known to exist, and those seen since the last complete list: a relist after 410 Gone sends no
        // DELETED for objects removed during the gap, so at each Synced the ones not seen again are reported gone.
        var known = new Dictionary<(string? Namespace, string Name), JsonObject>();
        var seen = new HashSet<(string? Namespace, string Name)>();
        try
        {
            await foreach (var change in connection.WatchAsync(apiVersion, kind, FleetLabels.Selector, cancellationToken))
            {
                if (change.Type == WatchChangeType.Synced)
                {
                    foreach (var (missing, gone) in known.Where(k => !seen.Contains(k.Key)).ToList())
                    {
                        known.Remove(missing);
                        await RouteAsync(cluster, gone, deleted: true);
                    }
                    seen.Clear();
                    continue;
                }
                if (change.Object is not { } obj)
                {
                    continue;
                }
                var reference = ObjectIdentity.Of(obj);
                var key = (reference.Namespace, reference.Name);
                if (change.Type == WatchChangeType.Deleted)
                {
                    known.Remove(key);
                }
                else
                {
                    known[key] = Identity(obj);
                    seen.Add(key);
                }
                await RouteAsync(cluster, obj, change.Type == WatchChangeType.Deleted);
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

    private async Task RouteAsync(string cluster, JsonObject obj, bool deleted)
    {
        var application = obj["metadata"]?["labels"]?[FleetLabels.Application]?.GetValue<string>();
        if (string.IsNullOrEmpty(application))
        {
            return;
        }
        await grains.GetGrain<IApplicationInstanceGrain>(InstanceKey.Of(application, cluster)).OnLiveChangedAsync(obj.ToJsonString(), deleted);
    }

    // What a synthesized DELETED needs: identity and the application label, not the whole object.
    private static JsonObject Identity(JsonObject obj) => new()
    {
        ["apiVersion"] = obj["apiVersion"]?.DeepClone(),
        ["kind"] = obj["kind"]?.DeepClone(),
        ["metadata"] = new JsonObject
        {
            ["name"] = obj["metadata"]?["name"]?.DeepClone(),
            ["namespace"] = obj["metadata"]?["namespace"]?.DeepClone(),
            ["labels"] = new JsonObject { [FleetLabels.Application] = obj["metadata"]?["labels"]?[FleetLabels.Application]?.DeepClone() },
        },
    };

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
