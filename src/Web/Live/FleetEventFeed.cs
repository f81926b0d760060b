using Fleet.Grains.Interfaces;
using Fleet.Grains.Interfaces.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Web.Live;

/// <summary>
/// The fleet's events for the pages of this silo: one reader of the event journal (the same journal
/// <c>/api/v1/events</c> streams) per silo, whatever the number of open pages, handing each batch to every
/// subscriber. Pages filter what they may show themselves (<see cref="EventVisibility"/>). The reader starts with the
/// first subscriber, so a silo nobody looks at reads nothing.
/// </summary>
public sealed partial class FleetEventFeed(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<FleetEventFeed> logger) : IDisposable
{
    private const int BatchSize = 256;
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly List<Func<IReadOnlyList<FleetEvent>, Task>> _subscribers = [];
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource? _readerStopping;
    private Task? _reader;

    /// <summary>
    /// Calls <paramref name="onEvents"/> with every batch of new events until the returned handle is disposed. The
    /// callback must not block: it runs on the reader's loop.
    /// </summary>
    public IDisposable Subscribe(Func<IReadOnlyList<FleetEvent>, Task> onEvents)
    {
        lock (_gate)
        {
            _subscribers.Add(onEvents);
            if (_reader is null)
            {
                // The reader stops with the feed or the host, whichever goes first; the linked source is disposed with the feed.
                _readerStopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, lifetime.ApplicationStopping);
                var token = _readerStopping.Token;
                _reader = Task.Run(() => ReadAsync(token));
            }
        }
        return new Subscription(this, onEvents);
    }

    private async Task ReadAsync(CancellationToken stopping)
    {
        var journal = grains.EventJournal();
        long? cursor = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                cursor ??= await journal.GetLastSequenceAsync().WaitAsync(stopping);
                var page = await journal.ReadAsync(cursor.Value, BatchSize, LongPoll).WaitAsync(stopping);
                if (page.Events.Count == 0)
                {
                    continue;
                }
                cursor = page.Events[^1].Sequence;
                Func<IReadOnlyList<FleetEvent>, Task>[] subscribers;
                lock (_gate)
                {
                    subscribers = [.. _subscribers];
                }
                foreach (var subscriber in subscribers)
                {
                    await NotifyAsync(subscriber, page.Events);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The journal may be moving to another silo, or the silo starting: try again shortly, from where we were.
                LogReadFailed(logger, e);
                await Task.Delay(RetryDelay, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task NotifyAsync(Func<IReadOnlyList<FleetEvent>, Task> subscriber, IReadOnlyList<FleetEvent> events)
    {
        try
        {
            await subscriber(events);
        }
        catch (Exception e)
        {
            // One page that fails to render its update must not stop the others'.
            LogSubscriberFailed(logger, e);
        }
    }

    private void Unsubscribe(Func<IReadOnlyList<FleetEvent>, Task> onEvents)
    {
        lock (_gate)
        {
            _subscribers.Remove(onEvents);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _readerStopping?.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Reading the event journal for the web UI failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "A web UI page failed to take an event batch")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);

    private sealed class Subscription(FleetEventFeed feed, Func<IReadOnlyList<FleetEvent>, Task> onEvents) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(onEvents);
    }
}
