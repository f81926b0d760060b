using System.Collections.Concurrent;
using System.Threading.Channels;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Events;

/// <summary>
/// One per silo: grains hand it events without waiting, it buffers them (bounded; the oldest are dropped and counted
/// when full) and sends what it holds to the journal every <see cref="EventOptions.FlushInterval"/>, one call per
/// flush. Emission never fails or slows the emitter.
/// </summary>
public sealed partial class FleetEventPublisher : BackgroundService
{
    private readonly Channel<FleetEvent> _buffer;
    private readonly IGrainFactory _grains;
    private readonly IOptions<EventOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FleetEventPublisher> _logger;
    private long _dropped;

    /// <summary>Creates the publisher with a buffer of <see cref="EventOptions.BufferCapacity"/> events.</summary>
    public FleetEventPublisher(IGrainFactory grains, IOptions<EventOptions> options, TimeProvider time, ILogger<FleetEventPublisher> logger)
    {
        _grains = grains;
        _options = options;
        _time = time;
        _logger = logger;
        _buffer = Channel.CreateBounded<FleetEvent>(
            new BoundedChannelOptions(Math.Max(1, options.Value.BufferCapacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Events dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Instances ("application/cluster") on this silo whose drift was reported and not yet healed. In memory: an
    /// instance that moves to another silo mid-drift reports its healing only if it drifts again there.
    /// </summary>
    internal ConcurrentDictionary<string, byte> Drifting { get; } = new(StringComparer.Ordinal);

    /// <summary>Queues an event for the journal, stamping its time; never throws, never waits.</summary>
    public void Publish(FleetEvent e) => _buffer.Writer.TryWrite(e with { Time = _time.GetUtcNow() });

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<FleetEvent>();
        var journal = _grains.EventJournal();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (batch.Count == 0 && !await _buffer.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }
                // Gather what arrives within one interval, so the journal gets one call per silo per interval.
                await Task.Delay(_options.Value.FlushInterval, _time, stoppingToken);
                while (batch.Count < 1000 && _buffer.Reader.TryRead(out var e))
                {
                    batch.Add(e);
                }
                await journal.AppendAsync(batch.ToArray());
                batch.Clear();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The silo may not be up yet, or the journal is moving: keep the batch and try again next interval.
                LogFlushFailed(_logger, batch.Count, e.Message);
                if (batch.Count > _options.Value.BufferCapacity)
                {
                    Interlocked.Add(ref _dropped, batch.Count - _options.Value.BufferCapacity);
                    batch.RemoveRange(0, batch.Count - _options.Value.BufferCapacity);
                }
            }
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Sending {Count} events to the journal failed: {Message}")]
    private static partial void LogFlushFailed(ILogger logger, int count, string message);
}
