using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces;
using Fleet.Kubernetes.Selectors;
using Orleans.Concurrency;

namespace Fleet.Grains.FleetView;

/// <summary>
/// Answers index queries on every silo (a stateless worker): resolves the label selector against the directory's
/// cluster labels, asks all partitions in parallel and merges their sorted pages.
/// </summary>
[StatelessWorker]
public sealed class InstanceQueryGrain : Grain, IInstanceQueryGrain
{
    public async Task<InstancePage> QueryAsync(InstanceQuery query)
    {
        if (query.Selector.Count > 0)
        {
            var clusters = await GrainFactory.FleetDirectory().GetClustersAsync();
            var selector = new LabelSelector(LabelRequirements.ToSelector(query.Selector));
            var selected = clusters.Where(c => selector.Matches(c.Value)).Select(c => c.Key);
            IReadOnlyList<string> names = query.Clusters is { } narrowed ? [.. selected.Intersect(narrowed, StringComparer.Ordinal)] : [.. selected];
            query = query with { Clusters = names };
        }
        var pages = await Task.WhenAll(Enumerable.Range(0, InstanceRows.Partitions)
            .Select(n => GrainFactory.GetGrain<IInstanceIndexGrain>(InstanceRows.PartitionKey(n)).QueryAsync(query)));
        return Merge(pages, query.Limit);
    }

    public async Task<IReadOnlyDictionary<string, InstanceCounts>> CountByApplicationAsync()
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, InstanceRows.Partitions)
            .Select(n => GrainFactory.GetGrain<IInstanceIndexGrain>(InstanceRows.PartitionKey(n)).CountByApplicationAsync()));
        var counts = new Dictionary<string, InstanceCounts>(StringComparer.Ordinal);
        foreach (var (application, c) in parts.SelectMany(p => p))
        {
            counts[application] = counts.TryGetValue(application, out var sum) ? InstanceCountsMath.Sum([sum, c]) : c;
        }
        return counts;
    }

    /// <summary>Merges sorted partition pages into one sorted page of at most <paramref name="limit"/> rows.</summary>
    public static InstancePage Merge(IReadOnlyList<InstancePage> pages, int limit)
    {
        var heads = new int[pages.Count];
        var rows = new List<InstanceRow>(Math.Min(limit, pages.Sum(p => p.Rows.Count)));
        while (rows.Count < limit)
        {
            var best = -1;
            for (var p = 0; p < pages.Count; p++)
            {
                if (heads[p] < pages[p].Rows.Count && (best < 0 || Before(pages[p].Rows[heads[p]], pages[best].Rows[heads[best]])))
                {
                    best = p;
                }
            }
            if (best < 0)
            {
                break;
            }
            rows.Add(pages[best].Rows[heads[best]++]);
        }
        return new InstancePage { Rows = rows, Total = pages.Sum(p => p.Total), Remaining = pages.Sum(p => p.Remaining) };
    }

    private static bool Before(InstanceRow a, InstanceRow b) => InstanceIndex.Compare(a.Application, a.Cluster, b.Application, b.Cluster) < 0;
}
