using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Fleet.Simulator.Tests.Infrastructure;

/// <summary>Reads a watch stream line by line in the background; tests wait for events with a deadline.</summary>
public sealed class WatchClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly Task _reader;

    private WatchClient(HttpResponseMessage response)
    {
        StatusCode = (int)response.StatusCode;
        _reader = ReadAsync(response);
    }

    public int StatusCode { get; }

    public static async Task<WatchClient> OpenAsync(HttpClient http, string url, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new WatchClient(response);
    }

    /// <summary>The next event, or null if none arrives within the deadline.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Skips events until one matches; null if none does before the deadline.</summary>
    public async Task<JsonObject?> NextMatchingAsync(Func<JsonObject, bool> match, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var next = await NextAsync(deadline - DateTime.UtcNow);
            if (next is null)
            {
                return null;
            }
            if (match(next))
            {
                return next;
            }
        }
        return null;
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        try
        {
            using (response)
            {
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.Length > 0)
                    {
                        await _events.Writer.WriteAsync(JsonNode.Parse(line)!.AsObject(), _stop.Token);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // the stream ended
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _stop.Dispose();
    }
}

/// <summary>Reads the parts of a watch event the tests check.</summary>
public static class WatchEvents
{
    public static string? Type(this JsonObject? e) => e?["type"]?.GetValue<string>();

    public static string? ObjectName(this JsonObject? e) => e?["object"]?["metadata"]?["name"]?.GetValue<string>();
}
