using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.Grains.Kubernetes;

/// <summary>What reading a watch stream gave.</summary>
internal enum WatchReadKind
{
    /// <summary>An object was added, modified or deleted.</summary>
    Change,

    /// <summary>A bookmark: only the resourceVersion moved on.</summary>
    Bookmark,

    /// <summary>The server ended the stream (its timeout): resume from the last resourceVersion.</summary>
    End,

    /// <summary>The stream broke or carried an error: resume after a backoff.</summary>
    Dropped,

    /// <summary>The resourceVersion is too old (410): relist.</summary>
    Expired,
}

/// <summary>One read from a watch stream, with the resourceVersion it moved the watch to (if any).</summary>
internal sealed record WatchRead(WatchReadKind Kind, WatchChange? Change = null, string? ResourceVersion = null);

/// <summary>
/// Reads a watch response: newline-delimited <c>{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{…}}</c>.
/// Never throws for stream trouble (it is reported as <see cref="WatchReadKind.Dropped"/>); only cancellation throws.
/// </summary>
internal sealed class WatchStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly PipeReader _reader;
    private readonly CancellationTokenSource _lifetime;

    private WatchStream(HttpResponseMessage response, Stream body, CancellationTokenSource lifetime)
    {
        _response = response;
        _body = body;
        // A watch is idle nearly all the time (a bookmark a minute): zero-byte reads wait for data without holding a
        // buffer, so thousands of open watches keep no read buffers of their own (a StreamReader keeps ~3 KB each).
        _reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true, useZeroByteReads: true));
        _lifetime = lifetime;
    }

    public static async Task<WatchStream> OpenAsync(HttpResponseMessage response, TimeSpan maxLifetime, CancellationToken ct)
    {
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lifetime.CancelAfter(maxLifetime);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(lifetime.Token);
            return new WatchStream(response, body, lifetime);
        }
        catch
        {
            lifetime.Dispose();
            response.Dispose();
            throw;
        }
    }

    public async Task<WatchRead> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            string? line;
            try
            {
                line = await ReadLineAsync(_lifetime.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new WatchRead(WatchReadKind.End);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                return new WatchRead(WatchReadKind.Dropped);
            }
            if (line is null)
            {
                return new WatchRead(WatchReadKind.End);
            }
            if (!string.IsNullOrWhiteSpace(line))
            {
                return Parse(line);
            }
        }
    }

    // The next line without its end (\n or \r\n); the last unterminated text when the stream ends; null after that.
    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(ct);
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, end)).TrimEnd('\r');
                _reader.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }
            if (result.IsCompleted)
            {
                var rest = buffer.IsEmpty ? null : Encoding.UTF8.GetString(buffer);
                _reader.AdvanceTo(buffer.End);
                return rest;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Interprets one event line.</summary>
    public static WatchRead Parse(string line)
    {
        JsonObject? watchEvent;
        try
        {
            watchEvent = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return new WatchRead(WatchReadKind.Dropped);
        }
        var eventType = JsonBodies.GetString(watchEvent, "type");
        var obj = watchEvent?["object"] as JsonObject;
        if (eventType == "ERROR")
        {
            // An ERROR carries a Status: 410 means our resourceVersion is too old; anything else, reconnect.
            var code = obj?["code"] is JsonValue value && value.TryGetValue<int>(out var c) ? c : 0;
            return new WatchRead(code == 410 ? WatchReadKind.Expired : WatchReadKind.Dropped);
        }
        var resourceVersion = JsonBodies.GetString(obj, "metadata", "resourceVersion");
        WatchChangeType? type = eventType switch
        {
            "ADDED" => WatchChangeType.Added,
            "MODIFIED" => WatchChangeType.Modified,
            "DELETED" => WatchChangeType.Deleted,
            _ => null,
        };
        if (type is null || obj is null)
        {
            // BOOKMARK only moves the resourceVersion on; unknown event types are skipped.
            return new WatchRead(WatchReadKind.Bookmark, ResourceVersion: eventType == "BOOKMARK" ? resourceVersion : null);
        }
        watchEvent!.Remove("object");
        return new WatchRead(WatchReadKind.Change, new WatchChange(type.Value, obj), resourceVersion);
    }

    public void Dispose()
    {
        _reader.Complete();
        _body.Dispose();
        _response.Dispose();
        _lifetime.Dispose();
    }
}
