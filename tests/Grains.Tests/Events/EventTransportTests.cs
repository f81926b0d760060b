using Fleet.Grains.Events;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Fleet.Grains.Tests.Events;

/// <summary>Each silo's publisher delivers to the one journal, wherever it lives.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class EventTransportTests(FleetCluster fleet)
{
    [Fact]
    public async Task Publish_OnEverySilo_ReachesTheFleetJournalInOneFeed()
    {
        var journal = fleet.Grains.EventJournal();
        var start = await journal.GetLastSequenceAsync();
        var silos = fleet.Orleans.Silos.Cast<InProcessSiloHandle>().ToList();
        var clusters = silos.Select(_ => fleet.UniqueName("transport")).ToList();

        for (var i = 0; i < silos.Count; i++)
        {
            var publisher = silos[i].SiloHost.Services.GetRequiredService<FleetEventPublisher>();
            publisher.Publish(new FleetEvent { Kind = FleetEventKind.ClusterUnreachable, Cluster = clusters[i], Reason = "Test", Message = "from silo " + i });
        }
        var seen = new List<FleetEvent>();
        var cursor = start;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (clusters.Any(c => seen.All(e => e.Cluster != c)) && DateTime.UtcNow < deadline)
        {
            var page = await journal.ReadAsync(cursor, 500, TimeSpan.FromSeconds(1));
            seen.AddRange(page.Events.Where(e => clusters.Contains(e.Cluster!)));
            cursor = page.Events.Count > 0 ? page.Events[^1].Sequence : cursor;
        }

        Assert.Equal(2, silos.Count);
        Assert.All(clusters, c => Assert.Single(seen, e => e.Cluster == c));
        Assert.All(seen, e => Assert.True(e.Sequence > start && e.Time > DateTimeOffset.UtcNow.AddMinutes(-1)));
    }
}
