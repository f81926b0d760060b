using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces;

namespace Fleet.Grains.FleetView;

/// <summary>
/// The fleet summary (key "fleet"): the latest report of every cluster, summed on write so that reading is a
/// memory lookup. Reports arrive in batches from the per-silo aggregators. Held in memory only: on activation (after
/// a restart or a silo loss) it reads every registered cluster's roll-up once, then lives on deltas again.
/// </summary>
public sealed class FleetSummaryGrain(TimeProvider time) : Grain, IFleetSummaryGrain
{
    private readonly Dictionary<string, ClusterReport> _clusters = new(StringComparer.Ordinal);
    private FleetSummary _summary = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var names = await GrainFactory.FleetDirectory().GetClustersAsync();
        var views = await Task.WhenAll(names.Keys.Select(n => GrainFactory.GetGrain<IClusterGrain>(n).GetAsync()));
        await ApplyReportsAsync([.. views.OfType<ClusterView>().Select(v => new ClusterReport
        {
            Cluster = v.Name,
            Connectivity = v.Connectivity,
            Instances = v.Instances,
        })]);
    }

    public Task<FleetSummary> GetAsync() => Task.FromResult(_summary);

    public Task ApplyReportsAsync(IReadOnlyList<ClusterReport> reports)
    {
        foreach (var report in reports)
        {
            if (report.Removed)
            {
                _clusters.Remove(report.Cluster);
            }
            else
            {
                _clusters[report.Cluster] = report;
            }
        }
        _summary = new FleetSummary
        {
            Clusters = _clusters.Count,
            Connected = _clusters.Values.Count(c => c.Connectivity == Connectivity.Connected),
            Unreachable = _clusters.Values.Count(c => c.Connectivity == Connectivity.Unreachable),
            Instances = InstanceCountsMath.Sum(_clusters.Values.Select(c => c.Instances)),
            AsOf = time.GetUtcNow(),
        };
        return Task.CompletedTask;
    }
}
