using System.Threading.Channels;
using Fleet.Grains.Tests.Applying;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Watching;

/// <summary>Runs a watch in the background and lets a test wait for the changes it expects, with a deadline.</summary>
internal sealed class WatchRecorder : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly Channel<WatchChange> _changes = Channel.CreateUnbounded<WatchChange>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private WatchRecorder(IClusterConnection connection, string apiVersion, string kind, string? labelSelector)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in connection.WatchAsync(apiVersion, kind, labelSelector, _stop.Token))
                {
                    await _changes.Writer.WriteAsync(change);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // The test is over.
            }
            catch (Exception e)
            {
                _changes.Writer.TryComplete(e);
                return;
            }
            _changes.Writer.TryComplete();
        });
    }

    public static WatchRecorder Start(IClusterConnection connection, string apiVersion, string kind, string? labelSelector = null) =>
        new(connection, apiVersion, kind, labelSelector);

    /// <summary>Reads changes until one matches; returns every change read, the match last.</summary>
    public async Task<List<WatchChange>> ReadUntilAsync(Func<WatchChange, bool> match, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var read = new List<WatchChange>();
        try
        {
            while (true)
            {
                var change = await _changes.Reader.ReadAsync(deadline.Token);
                read.Add(change);
                if (match(change))
                {
                    return read;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var seen = string.Join(", ", read.Select(c => $"{c.Type} {Manifests.Name(c.Object)}"));
            throw new TimeoutException($"no {what} within {Deadline.TotalSeconds}s; saw: [{seen}]");
        }
    }

    public static Func<WatchChange, bool> Is(WatchChangeType type, string? name = null) =>
        change => change.Type == type && (name is null || Manifests.Name(change.Object) == name);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }
}
