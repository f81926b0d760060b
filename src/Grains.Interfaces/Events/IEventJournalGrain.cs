namespace Fleet.Grains.Interfaces.Events;

/// <summary>
/// The fleet's event journal (key "fleet"): an in-memory ring buffer of the latest events with increasing sequence
/// numbers. Each silo's publisher appends batches; SSE streams and notification sinks read it. It is not persisted:
/// after the grain is lost, numbering continues above every earlier sequence but older events are gone.
/// </summary>
public interface IEventJournalGrain : IGrainWithStringKey
{
    /// <summary>Appends a batch of events in order, assigning their sequences.</summary>
    Task AppendAsync(IReadOnlyList<FleetEvent> events);

    /// <summary>
    /// At most <paramref name="max"/> events after <paramref name="afterSequence"/>. When there are none, waits up to
    /// <paramref name="wait"/> (capped at 20 s) for some to arrive: a long poll.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<EventPage> ReadAsync(long afterSequence, int max, TimeSpan wait);

    /// <summary>The sequence of the newest event (0 when none), where a reader that wants only new events starts.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<long> GetLastSequenceAsync();
}
