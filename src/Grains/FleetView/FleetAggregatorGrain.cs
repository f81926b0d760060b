using Fleet.Grains.Interfaces.Fleet;
using Orleans.Concurrency;

namespace Fleet.Grains.FleetView;

/// <summary>
/// Per-silo pre-aggregator: keeps only the latest report of each cluster and forwards them to the summary in one
/// batch per flush interval, so the summary grain sees a handful of calls however busy the fleet is.
/// </summary>
[StatelessWorker(1)]
public sealed class FleetAggregatorGrain : Grain, IFleetAggregatorGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<string, ClusterReport> _pending = new(StringComparer.Ordinal);
    private IGrainTimer? _flush;

    public Task ReportAsync(ClusterReport report)
    {
        _pending[report.Cluster] = report;
        _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions { DueTime = FlushInterval, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
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
        await GrainFactory.GetGrain<IFleetSummaryGrain>("fleet").ApplyReportsAsync(batch);
    }
}
