using Fleet.Grains.Interfaces.Events;

namespace Fleet.Web.Live;

/// <summary>
/// Refreshes a live page when events concern it. Events arrive before every read model has caught up (the instance
/// index and the summary take reports in batches of tens to hundreds of milliseconds), so a burst of events leads to
/// one refresh shortly after it and one more a little later; a burst of a thousand events costs two reads, not a
/// thousand.
/// </summary>
public sealed class LiveRefresher : IDisposable
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1500)];

    private readonly Func<FleetEvent, ValueTask<bool>> _concerns;
    private readonly Func<IReadOnlyList<FleetEvent>, Task> _refresh;
    private readonly IDisposable _subscription;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private readonly List<FleetEvent> _pending = [];
    private int _scheduled;

    /// <summary>
    /// Subscribes to <paramref name="feed"/>: events <paramref name="concerns"/> accepts lead to calls of
    /// <paramref name="refresh"/> with the events seen since the last one (empty for the later, catching-up call).
    /// </summary>
    public LiveRefresher(FleetEventFeed feed, Func<FleetEvent, ValueTask<bool>> concerns, Func<IReadOnlyList<FleetEvent>, Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(feed);
        _concerns = concerns;
        _refresh = refresh;
        _subscription = feed.Subscribe(OnEventsAsync);
    }

    private async Task OnEventsAsync(IReadOnlyList<FleetEvent> events)
    {
        var relevant = new List<FleetEvent>();
        foreach (var e in events)
        {
            if (await _concerns(e))
            {
                relevant.Add(e);
            }
        }
        if (relevant.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            _pending.AddRange(relevant);
        }
        // One refresh cycle at a time; events arriving during it are picked up by its later refresh.
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            foreach (var delay in Delays)
            {
                await Task.Delay(delay, _disposed.Token);
                List<FleetEvent> taken;
                lock (_gate)
                {
                    taken = [.. _pending];
                    _pending.Clear();
                }
                await _refresh(taken);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
        catch (ObjectDisposedException)
        {
            // The page closed while it refreshed.
        }
        finally
        {
            Interlocked.Exchange(ref _scheduled, 0);
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
