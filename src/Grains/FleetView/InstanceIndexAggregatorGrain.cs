using Fleet.Grains.Interfaces.Fleet;
using Orleans.Concurrency;

namespace Fleet.Grains.FleetView;

/// <summary>
/// Per-silo pre-aggregator of instance rows, as <see cref="FleetAggregatorGrain"/> is for clusters: keeps the latest
/// row of each instance and sends each partition its rows in one call per flush.
/// </summary>
[StatelessWorker(1)]
public sealed class InstanceIndexAggregatorGrain : Grain, IInstanceIndexAggregatorGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<(string Application, string Cluster), InstanceRow> _pending = [];
    private IGrainTimer? _flush;

    public Task ReportAsync(InstanceRow row)
    {
        _pending[(row.Application, row.Cluster)] = row;
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
        var batches = _pending.Values.GroupBy(r => InstanceRows.PartitionNumber(r.Application, r.Cluster)).ToList();
        _pending.Clear();
        await Task.WhenAll(batches.Select(b => GrainFactory.GetGrain<IInstanceIndexGrain>(InstanceRows.PartitionKey(b.Key)).ApplyAsync([.. b])));
    }
}
