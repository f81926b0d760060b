using Fleet.Grains.Interfaces.Events;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Events;

/// <summary>
/// The in-memory ring buffer behind <see cref="IEventJournalGrain"/>. Nothing is persisted: events are a live feed,
/// and the durable record stays in instance status and history. Numbering starts from the activation time (in
/// microseconds since the Unix epoch) so a re-activated journal never reuses a sequence a client has seen.
/// </summary>
public sealed class EventJournalGrain(IOptions<EventOptions> options, TimeProvider time) : Grain, IEventJournalGrain
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private FleetEvent[] _ring = [];
    private long _first;
    private long _next;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ring = new FleetEvent[Math.Max(1, options.Value.JournalCapacity)];
        _first = _next = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        return Task.CompletedTask;
    }

    public Task AppendAsync(IReadOnlyList<FleetEvent> events)
    {
        foreach (var e in events)
        {
            _ring[_next % _ring.Length] = e with { Sequence = _next };
            _next++;
        }
        _first = Math.Max(_first, _next - _ring.Length);
        if (events.Count > 0)
        {
            var arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived.SetResult();
        }
        return Task.CompletedTask;
    }

    public async Task<EventPage> ReadAsync(long afterSequence, int max, TimeSpan wait)
    {
        if (Math.Max(afterSequence + 1, _first) >= _next && wait > TimeSpan.Zero && max > 0)
        {
            // Reads interleave with appends: the append completes this task and the read continues.
            var delay = wait < MaxWait ? wait : MaxWait;
            await Task.WhenAny(_arrived.Task, Task.Delay(delay, time));
        }
        var from = Math.Max(afterSequence + 1, _first);
        var missed = afterSequence + 1 < _first && afterSequence > 0 ? _first - afterSequence - 1 : 0;
        var count = (int)Math.Clamp(_next - from, 0, Math.Max(0, max));
        var events = new FleetEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = _ring[(from + i) % _ring.Length];
        }
        return new EventPage { Events = events, LastSequence = LastSequence, Missed = missed };
    }

    public Task<long> GetLastSequenceAsync() => Task.FromResult(LastSequence);

    private long LastSequence => _next > _first ? _next - 1 : 0;
}
