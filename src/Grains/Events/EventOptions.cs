namespace Fleet.Grains.Events;

/// <summary>Event transport settings, bound from "Fleet:Events".</summary>
public sealed class EventOptions
{
    /// <summary>How often each silo's publisher sends its buffered events to the journal, in one call.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Events a silo buffers at most; when full the oldest are dropped (and counted).</summary>
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>Events the journal keeps in memory; older ones are evicted.</summary>
    public int JournalCapacity { get; set; } = 10_000;
}
