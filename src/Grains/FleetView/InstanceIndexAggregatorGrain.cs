using Fleet.Grains.Interfaces.Fleet;
using Orleans.Concurrency;

namespace Fleet.Grains.FleetView;

/// <summary>
/// Per-silo pre-aggregator of instance rows, as <see cref="FleetAggregatorGrain"/> is for clusters: keeps the latest
/// row of each instance and sends each partition its rows in one call per flush.
/// </summary>
// Not removed when idle: the runtime proactively deactivates idle stateless workers, and this one is "idle" exactly
// while it holds reports waiting for the next flush; losing them left the summary and index stale for good.
[StatelessWorker(1, removeIdleWorkers: false)]
public sealed class InstanceIndexAggregatorGrain : Grain, IInstanceIndexAggregatorGrain
{
    // What the instance list shows lags the instances by up to this: short enough not to be seen next to a sync's
    // own latency, long enough that a burst of reports (a fleet-wide rollout) goes out in a few calls per partition.
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);
    private readonly Dictionary<(string Application, string Cluster), InstanceRow> _pending = [];
    private IGrainTimer? _flush;

    public Task ReportAsync(InstanceRow row)
    {
        // One-way reports may arrive out of order: the newest row of an instance wins, not the last to arrive.
        var key = (row.Application, row.Cluster);
        if (!_pending.TryGetValue(key, out var held) || row.ChangedAt >= held.ChangedAt)
        {
            _pending[key] = row;
        }
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
        var batches = _pending.Values.GroupBy(r => InstanceRows.PartitionNumber(r.Application, r.Cluster)).ToList();
        _pending.Clear();
        await Task.WhenAll(batches.Select(SendAsync));
    }

    // A batch that fails (a partition moving, a timeout under load) goes back into the queue unless a newer row for
    // the same instance arrived meanwhile, and the next flush retries it: a lost row would leave the index stale
    // until that instance changes again.
    private async Task SendAsync(IGrouping<int, InstanceRow> batch)
    {
        try
        {
            await GrainFactory.GetGrain<IInstanceIndexGrain>(InstanceRows.PartitionKey(batch.Key)).ApplyAsync([.. batch]);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            foreach (var row in batch)
            {
                _pending.TryAdd((row.Application, row.Cluster), row);
            }
            ScheduleFlush();
        }
    }

    private void ScheduleFlush() =>
        _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions { DueTime = FlushInterval, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
}
