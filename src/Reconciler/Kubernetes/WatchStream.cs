using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using Fleet.Kubernetes.Json;

namespace Fleet.Reconciler.Kubernetes;

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
            // A watch keeps its response for as long as it runs (hours, on thousands of watches): its headers were
            // read already and need not stay.
            response.Headers.Clear();
            response.Content.Headers.Clear();
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
            WatchRead? read;
            try
            {
                read = await ReadLineAsync(_lifetime.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new WatchRead(WatchReadKind.End);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                return new WatchRead(WatchReadKind.Dropped);
            }
            if (read is not null)
            {
                return read;
            }
        }
    }

    // Reads up to the next line end (\n or \r\n) and interprets the line; null for a blank line. When the stream ends,
    // the last unterminated text is interpreted, and after that the stream reports End.
    private async Task<WatchRead?> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(ct);
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                var read = ParseLine(buffer.Slice(0, end));
                _reader.AdvanceTo(buffer.GetPosition(1, end));
                return read;
            }
            if (result.IsCompleted)
            {
                var read = ParseLine(buffer) ?? new WatchRead(WatchReadKind.End);
                _reader.AdvanceTo(buffer.End);
                return read;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static WatchRead? ParseLine(ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return ParseLine(line.FirstSpan);
        }
        var copy = ArrayPool<byte>.Shared.Rent((int)line.Length);
        try
        {
            line.CopyTo(copy);
            return ParseLine(copy.AsSpan(0, (int)line.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static WatchRead? ParseLine(ReadOnlySpan<byte> line)
    {
        line = line.Trim(" \t\r"u8);
        return line.IsEmpty ? null : Parse(line);
    }

    /// <summary>Interprets one event line.</summary>
    public static WatchRead Parse(string line) => Parse(Encoding.UTF8.GetBytes(line));

    /// <summary>Interprets one event line (UTF-8), reading only the fields a watch needs; the object is kept as text.</summary>
    public static WatchRead Parse(ReadOnlySpan<byte> line)
    {
        string? eventType = null;
        var obj = ReadOnlySpan<byte>.Empty;
        string? resourceVersion;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new WatchRead(WatchReadKind.Dropped);
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type");
                var isObject = reader.ValueTextEquals("object");
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    eventType = reader.GetString();
                }
                else if (isObject && reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    obj = line[start..(int)reader.BytesConsumed];
                }
                else
                {
                    reader.Skip();
                }
            }
            if (eventType == "ERROR")
            {
                // An ERROR carries a Status: 410 means our resourceVersion is too old; anything else, reconnect.
                var status = obj.IsEmpty ? null : JsonNode.Parse(obj) as JsonObject;
                var code = status?["code"] is JsonValue value && value.TryGetValue<int>(out var c) ? c : 0;
                return new WatchRead(code == 410 ? WatchReadKind.Expired : WatchReadKind.Dropped);
            }
            resourceVersion = obj.IsEmpty ? null : JsonScan.String(obj, "metadata", "resourceVersion");
        }
        catch (JsonException)
        {
            return new WatchRead(WatchReadKind.Dropped);
        }
        WatchChangeType? type = eventType switch
        {
            "ADDED" => WatchChangeType.Added,
            "MODIFIED" => WatchChangeType.Modified,
            "DELETED" => WatchChangeType.Deleted,
            _ => null,
        };
        if (type is null || obj.IsEmpty)
        {
            // BOOKMARK only moves the resourceVersion on; unknown event types are skipped.
            return new WatchRead(WatchReadKind.Bookmark, ResourceVersion: eventType == "BOOKMARK" ? resourceVersion : null);
        }
        return new WatchRead(WatchReadKind.Change, new WatchChange(type.Value, obj.ToArray()), resourceVersion);
    }

    public void Dispose()
    {
        _reader.Complete();
        _body.Dispose();
        _response.Dispose();
        _lifetime.Dispose();
    }
}
