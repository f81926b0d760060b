using System.Threading.Channels;
using Fleet.Grains.Interfaces.Security;
using Fleet.Grains.Interfaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Api.Audit;

/// <summary>
/// Takes audit entries from requests that have completed and sends them to the audit log grain in batches, so that
/// no request waits on the log and the log persists once per batch rather than once per call.
/// </summary>
public sealed partial class AuditRecorder(IGrainFactory grains, TimeProvider time, ILogger<AuditRecorder> logger) : BackgroundService
{
    private const int MaxBatch = 500;
    private const int MaxAttempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // Bounded so that an unreachable log cannot eat the silo's memory; a full queue drops (and says so).
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Queues <paramref name="entry"/> for the log.</summary>
    public void Record(AuditEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
        {
            LogDropped(logger, entry.Method, entry.Path, entry.Who);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }
                await SendAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: hand over what is queued, one last try each.
            while (_queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            await SendAsync(batch, CancellationToken.None, attempts: 1);
        }
    }

    private async Task SendAsync(List<AuditEntry> batch, CancellationToken cancellationToken, int attempts = MaxAttempts)
    {
        if (batch.Count == 0)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.AuditLog().AppendAsync([.. batch]);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (attempt >= attempts)
                {
                    LogBatchLost(logger, batch.Count, e);
                    return;
                }
                await Task.Delay(RetryDelay, time, cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Audit queue full: dropped {Method} {Path} by {Who}")]
    private static partial void LogDropped(ILogger logger, string method, string path, string who);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Could not write {Count} audit entries to the audit log")]
    private static partial void LogBatchLost(ILogger logger, int count, Exception exception);
}
