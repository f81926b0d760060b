using System.Globalization;
using System.Text.Json.Nodes;
using System.Text;
using Fleet.Kubernetes.Selectors;
using Fleet.Simulator.Model;
using Fleet.Simulator.Selectors;
using Fleet.Simulator.Storage;
using Fleet.Simulator.Tables;

namespace Fleet.Simulator.Http;

/// <summary>Options for watch streams.</summary>
public sealed class WatchOptions
{
    /// <summary>How often a stream that asked for bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Serves <c>?watch=true</c>: a chunked stream of newline-delimited <c>{"type","object"}</c> events, flushed one by one.
/// </summary>
public sealed class WatchStreamer(WatchOptions options, TimeProvider time)
{
    public async Task StreamAsync(HttpContext context, VirtualCluster cluster, ResourceType type, string? ns, (LabelSelector Labels, FieldSelector Fields) selectors,
        ResourceType? served = null)
    {
        served ??= type;
        var query = context.Request.Query;
        var sendInitial = ResourceHandler.IsTrue(query["sendInitialEvents"]);
        if (sendInitial && query["resourceVersionMatch"] != "NotOlderThan")
        {
            throw new ApiError(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
        }
        var bookmarks = ResourceHandler.IsTrue(query["allowWatchBookmarks"]);
        long? since = long.TryParse(query["resourceVersion"], CultureInfo.InvariantCulture, out var rv) ? rv : null;
        if (sendInitial)
        {
            since = null;
        }
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
        var table = TableConverter.WantsTable(context.Request.Headers.Accept.ToString());

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = Responses.Json;
        var filter = new WatchFilter(type.GroupResource, ns, selectors.Labels, selectors.Fields);
        IReadOnlyList<StoredObject> initial;
        Watcher watcher;
        long startRv;
        try
        {
            (initial, watcher, startRv) = cluster.Watch(filter, type, since);
        }
        catch (ApiError expired) when (expired.Code == 410)
        {
            // A too-old resourceVersion is not an HTTP error: the stream opens and carries one ERROR event.
            await WriteLineAsync(context, $"{{\"type\":\"ERROR\",\"object\":{expired.ToStatus().ToJsonString(JsonDefaults.Options)}}}");
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            stop.CancelAfter(timeout);
        }
        var writer = new EventWriter(context, type, served, table, time);
        try
        {
            await response.StartAsync(stop.Token);
            // Send the headers now: clients wait for them before they consider the watch established.
            await response.Body.FlushAsync(stop.Token);
            foreach (var obj in initial)
            {
                await writer.WriteAsync("ADDED", obj, stop.Token);
            }
            if (sendInitial)
            {
                await WriteBookmarkAsync(context, served, startRv, initialEventsEnd: true, stop.Token);
            }
            await PumpAsync(context, cluster, served, watcher, writer, bookmarks, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Client went away or timeoutSeconds elapsed: the stream just ends.
        }
        finally
        {
            cluster.StopWatch(watcher);
        }
    }

    private async Task PumpAsync(HttpContext context, VirtualCluster cluster, ResourceType type, Watcher watcher, EventWriter writer, bool bookmarks, CancellationToken cancellationToken)
    {
        var reader = watcher.Events.Reader;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (bookmarks)
            {
                wait.CancelAfter(options.BookmarkInterval);
            }
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await WriteBookmarkAsync(context, type, cluster.ResourceVersion, initialEventsEnd: false, cancellationToken);
                continue;
            }
            if (!more)
            {
                return;
            }
            while (reader.TryRead(out var change))
            {
                var name = change.Type switch
                {
                    WatchEventType.Added => "ADDED",
                    WatchEventType.Modified => "MODIFIED",
                    _ => "DELETED",
                };
                await writer.WriteAsync(name, change.Object, cancellationToken);
            }
        }
    }

    private static Task WriteBookmarkAsync(HttpContext context, ResourceType type, long rv, bool initialEventsEnd, CancellationToken cancellationToken)
    {
        var metadata = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        var obj = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata };
        return WriteLineAsync(context, $"{{\"type\":\"BOOKMARK\",\"object\":{obj.ToJsonString(JsonDefaults.Options)}}}", cancellationToken);
    }

    private static async Task WriteLineAsync(HttpContext context, string line, CancellationToken cancellationToken = default)
    {
        await context.Response.WriteAsync(line + "\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    // Writes events either as the stored object or, for kubectl get -w, as one-row Tables (columns only in the first).
    private sealed class EventWriter(HttpContext context, ResourceType type, ResourceType served, bool table, TimeProvider time)
    {
        private bool _columnsSent;

        public async Task WriteAsync(string eventType, StoredObject obj, CancellationToken cancellationToken)
        {
            var buffer = new MemoryStream();
            buffer.Write(Encoding.UTF8.GetBytes($"{{\"type\":\"{eventType}\",\"object\":"));
            if (table)
            {
                var rows = TableConverter.ToTable(type, [obj.ToNode()], obj.ResourceVersion.ToString(CultureInfo.InvariantCulture),
                    ResourceHandler.TableMode(context), includeColumnDefinitions: !_columnsSent, time.GetUtcNow());
                _columnsSent = true;
                buffer.Write(Encoding.UTF8.GetBytes(rows.ToJsonString(JsonDefaults.Options)));
            }
            else
            {
                buffer.Write(VersionConversion.Encode(served, obj.Json, JsonDefaults.Options));
            }
            buffer.Write("}\n"u8);
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }
}
