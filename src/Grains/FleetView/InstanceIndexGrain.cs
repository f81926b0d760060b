using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Runtime;
using Fleet.Grains.Targeting;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.FleetView;

/// <summary>
/// One partition of the instance index (key "index/N"), held in memory only. Rows arrive in batches from the
/// per-silo aggregators whenever an instance's sync, health, revision or problem changes, and go when it retires.
/// </summary>
/// <remarks>
/// On activation (first use, after a restart, a silo loss or idle collection) the partition rebuilds itself by
/// reading its instances once: the directory names the applications with their specs and the clusters with their
/// labels, the targets follow from the same pure resolution the applications use, and only the instances that hash
/// to this partition are asked. The partition pulls rather than waiting for instances to re-report because an
/// instance that is quietly Synced and Healthy would never report again, and because the index can be collected
/// while its instances stay active: nothing on the instances' side would notice.
/// </remarks>
// Kept active: idle collection would only cost a rebuild that reads every instance of the partition again.
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class InstanceIndexGrain(ILogger<InstanceIndexGrain> logger) : Grain, IInstanceIndexGrain
{
    private readonly InstanceIndex _index = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var number = int.Parse(key["index/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var directory = GrainFactory.FleetDirectory();
        var clusters = await directory.GetClustersAsync();
        var applications = await directory.GetApplicationEntriesAsync();
        var mine = new List<string>();
        foreach (var entry in applications)
        {
            var spec = entry.Spec ?? (await GrainFactory.GetGrain<IApplicationGrain>(entry.Name).GetAsync())?.Spec;
            if (spec is null)
            {
                continue;
            }
            foreach (var cluster in Targets.Resolve(spec.Destination, clusters))
            {
                if (InstanceRows.PartitionNumber(entry.Name, cluster) == number)
                {
                    mine.Add(InstanceKey.Of(entry.Name, cluster));
                }
            }
        }
        var views = await Task.WhenAll(mine.Select(k => GrainFactory.GetGrain<IApplicationInstanceGrain>(k).GetAsync()));
        foreach (var view in views)
        {
            if (view is not null)
            {
                _index.Apply(InstanceRows.Of(view));
            }
        }
        LogRebuilt(logger, key, _index.Count);
    }

    public Task ApplyAsync(IReadOnlyList<InstanceRow> rows)
    {
        foreach (var row in rows)
        {
            _index.Apply(row);
        }
        return Task.CompletedTask;
    }

    public Task<InstancePage> QueryAsync(InstanceQuery query) =>
        Task.FromResult(_index.Query(query, query.Clusters is { } clusters ? new HashSet<string>(clusters, StringComparer.Ordinal) : null));

    public Task<IReadOnlyDictionary<string, InstanceCounts>> CountByApplicationAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, InstanceCounts>>(_index.CountByApplication());

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Instance index {Partition} rebuilt with {Rows} rows")]
    private static partial void LogRebuilt(ILogger logger, string partition, int rows);
}
