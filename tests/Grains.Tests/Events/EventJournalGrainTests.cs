using System.Diagnostics;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Events;

/// <summary>The event journal grain on the real 2-silo test cluster; each test uses a journal of its own.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class EventJournalGrainTests(FleetCluster fleet)
{
    private static FleetEvent Event(int n) => new() { Kind = FleetEventKind.HealthChanged, Cluster = $"c{n}", Reason = "Test", Message = $"event {n}" };

    [Fact]
    public async Task AppendAsync_TwoBatches_ReadBackInOrderWithIncreasingSequences()
    {
        var journal = fleet.Grains.GetGrain<IEventJournalGrain>(fleet.UniqueName("journal"));
        var start = await journal.GetLastSequenceAsync();

        await journal.AppendAsync([Event(1), Event(2)]);
        await journal.AppendAsync([Event(3)]);
        var all = await journal.ReadAsync(start, 100, TimeSpan.Zero);
        var afterFirst = await journal.ReadAsync(all.Events[0].Sequence, 1, TimeSpan.Zero);

        Assert.Equal(["event 1", "event 2", "event 3"], all.Events.Select(e => e.Message));
        Assert.Equal([all.Events[0].Sequence + 1, all.Events[0].Sequence + 2], all.Events.Skip(1).Select(e => e.Sequence));
        Assert.Equal(all.Events[2].Sequence, all.LastSequence);
        Assert.Equal("event 2", Assert.Single(afterFirst.Events).Message);
        Assert.Equal(0, all.Missed);
    }

    [Fact]
    public async Task ReadAsync_NothingNew_WaitsUntilAnAppend()
    {
        var journal = fleet.Grains.GetGrain<IEventJournalGrain>(fleet.UniqueName("journal"));
        var last = await journal.GetLastSequenceAsync();

        var watch = Stopwatch.StartNew();
        var empty = await journal.ReadAsync(last, 10, TimeSpan.FromMilliseconds(300));
        var waited = watch.Elapsed;
        var poll = journal.ReadAsync(last, 10, TimeSpan.FromSeconds(15));
        await journal.AppendAsync([Event(7)]);
        var page = await poll.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(empty.Events);
        Assert.True(waited >= TimeSpan.FromMilliseconds(250), $"returned after {waited}");
        Assert.Equal("event 7", Assert.Single(page.Events).Message);
    }

    [Fact]
    public async Task AppendAsync_BeyondCapacity_EvictsTheOldestAndCountsWhatAReaderMissed()
    {
        var journal = fleet.Grains.GetGrain<IEventJournalGrain>(fleet.UniqueName("journal"));
        await journal.AppendAsync([Event(0)]);
        var first = await journal.GetLastSequenceAsync();

        for (var batch = 0; batch < 10; batch++)
        {
            await journal.AppendAsync([.. Enumerable.Range(1 + (batch * 1005), 1005).Select(Event)]);
        }
        var page = await journal.ReadAsync(first, 5, TimeSpan.Zero);
        var last = await journal.GetLastSequenceAsync();

        // 10,051 appended into a ring of 10,000: the first 51 are gone.
        Assert.Equal(first + 10_050, last);
        Assert.Equal(50, page.Missed);
        Assert.Equal(first + 51, page.Events[0].Sequence);
        Assert.Equal("event 51", page.Events[0].Message);
        Assert.Equal(5, page.Events.Count);
    }
}
