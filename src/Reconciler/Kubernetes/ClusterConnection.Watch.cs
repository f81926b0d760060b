using System.Globalization;
using System.Runtime.CompilerServices;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>List-then-watch: an informer's loop without its cache.</summary>
internal sealed partial class ClusterConnection
{
    public async IAsyncEnumerable<WatchChange> WatchAsync(
        string apiVersion, string kind, string? labelSelector, [EnumeratorCancellation] CancellationToken ct)
    {
        // A kind the cluster does not serve is the caller's mistake: say so now rather than retry forever.
        var mapping = await MapAsync(apiVersion, kind, ct);
        var failures = 0;
        string? resourceVersion = null;
        var listed = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (!listed)
            {
                var snapshot = await TryListForWatchAsync(mapping, labelSelector, ct);
                if (snapshot is null)
                {
                    await DelayAfterFailureAsync(failures++, ct);
                    continue;
                }
                if (resourceVersion is not null)
                {
                    yield return new WatchChange(WatchChangeType.Relisting, (System.Text.Json.Nodes.JsonObject?)null);
                }
                foreach (var item in snapshot.Items)
                {
                    yield return new WatchChange(WatchChangeType.Added, item);
                }
                yield return new WatchChange(WatchChangeType.Synced, (System.Text.Json.Nodes.JsonObject?)null);
                resourceVersion = snapshot.ResourceVersion;
                listed = true;
            }

            var opened = await TryOpenWatchAsync(mapping, labelSelector, resourceVersion, ct);
            if (opened.Expired)
            {
                listed = false;
                continue;
            }
            if (opened.Stream is null)
            {
                await DelayAfterFailureAsync(failures++, ct);
                continue;
            }
            failures = 0;
            var dropped = false;
            using (var stream = opened.Stream)
            using (new OpenWatch(this))
            {
                var ended = false;
                while (!ended)
                {
                    var read = await stream.ReadAsync(ct);
                    if (read.Kind is WatchReadKind.Change or WatchReadKind.Bookmark)
                    {
                        _transport.Answered();
                    }
                    resourceVersion = read.ResourceVersion ?? resourceVersion;
                    switch (read.Kind)
                    {
                        case WatchReadKind.Change:
                            yield return read.Change!;
                            break;
                        case WatchReadKind.Expired:
                            // The API server no longer has the history since our resourceVersion: only a relist is exact.
                            listed = false;
                            ended = true;
                            break;
                        case WatchReadKind.Dropped:
                            dropped = true;
                            ended = true;
                            break;
                        case WatchReadKind.End:
                            ended = true;
                            break;
                        default:
                            break;
                    }
                }
            }
            if (dropped)
            {
                await DelayAfterFailureAsync(++failures, ct);
            }
        }
    }

    private async Task<ListSnapshot?> TryListForWatchAsync(ResourceMapping mapping, string? labelSelector, CancellationToken ct)
    {
        try
        {
            return await ListAllPagesAsync(mapping, labelSelector, ct);
        }
        catch (Exception e) when (e is ClusterUnreachableException or KubernetesApiException)
        {
            // Unreachable clusters come back; a forbidden or vanished kind may be fixed (RBAC, CRD reinstalled).
            return null;
        }
    }

    private async Task<(WatchStream? Stream, bool Expired)> TryOpenWatchAsync(
        ResourceMapping mapping, string? labelSelector, string? resourceVersion, CancellationToken ct)
    {
        // Between one and two timeouts, as client-go does: watches opened together (a silo's start, a fleet's first
        // sync) then end and reopen spread out, not all in the same second every few minutes.
        var timeout = _options.WatchTimeout * (1 + Random.Shared.NextDouble());
        var timeoutSeconds = (int)Math.Ceiling(timeout.TotalSeconds);
        var path = ResourcePaths.WithQuery(ResourcePaths.Collection(mapping, ns: null),
            ("watch", "true"),
            ("resourceVersion", resourceVersion),
            ("allowWatchBookmarks", "true"),
            ("timeoutSeconds", timeoutSeconds.ToString(CultureInfo.InvariantCulture)),
            ("labelSelector", string.IsNullOrEmpty(labelSelector) ? null : labelSelector));
        try
        {
            var response = await _transport.OpenStreamAsync(
                new ApiRequest(HttpMethod.Get, path, $"watch of {mapping.Kind} ({mapping.ApiVersion})"), ct);
            // A stream the server forgot to end (or a connection that died silently) must not hang the watch forever.
            return (await WatchStream.OpenAsync(response, TimeSpan.FromSeconds(timeoutSeconds) + _options.RequestTimeout, ct), false);
        }
        catch (KubernetesApiException e) when (e.Code == 410)
        {
            return (null, true);
        }
        catch (Exception e) when (e is ClusterUnreachableException or KubernetesApiException or IOException or HttpRequestException)
        {
            return (null, false);
        }
    }

    private Task DelayAfterFailureAsync(int failures, CancellationToken ct) =>
        Task.Delay(_options.Backoff.Delay(failures), ct);

    // Counts a watch stream as open for as long as it is read.
    private readonly struct OpenWatch : IDisposable
    {
        private readonly ClusterConnection _connection;

        public OpenWatch(ClusterConnection connection)
        {
            _connection = connection;
            Interlocked.Increment(ref connection._openWatches);
        }

        public void Dispose() => Interlocked.Decrement(ref _connection._openWatches);
    }
}
