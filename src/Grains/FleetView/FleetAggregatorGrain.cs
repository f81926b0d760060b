using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces;
using Orleans.Concurrency;

namespace Fleet.Grains.FleetView;

/// <summary>
/// Per-silo pre-aggregator: keeps only the latest report of each cluster and forwards them to the summary in one
/// batch per flush interval, so the summary grain sees a handful of calls however busy the fleet is.
/// </summary>
// Not removed when idle: the runtime proactively deactivates idle stateless workers, and this one is "idle" exactly
// while it holds reports waiting for the next flush; losing them left the summary and index stale for good.
[StatelessWorker(1, removeIdleWorkers: false)]
public sealed class FleetAggregatorGrain : Grain, IFleetAggregatorGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<string, ClusterReport> _pending = new(StringComparer.Ordinal);
    private IGrainTimer? _flush;

    public Task ReportAsync(ClusterReport report)
    {
        _pending[report.Cluster] = report;
        ScheduleFlush();
        return Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flush?.Dispose();
        _flush = null;
        if (_pending.Count == 0)
        {
            return;
        }
        var batch = _pending.Values.ToList();
        _pending.Clear();
        try
        {
            await GrainFactory.FleetSummary().ApplyReportsAsync(batch);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // Back into the queue (unless a newer report of the cluster arrived meanwhile) for the next flush:
            // a lost report would leave the summary stale until that cluster changes again.
            foreach (var report in batch)
            {
                _pending.TryAdd(report.Cluster, report);
            }
            ScheduleFlush();
        }
    }

    private void ScheduleFlush() =>
        _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions { DueTime = FlushInterval, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
}
