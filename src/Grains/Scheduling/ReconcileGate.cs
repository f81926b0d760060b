using System.Threading.RateLimiting;
using Fleet.Grains.Runtime;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Scheduling;

/// <summary>
/// Bounds how many instances of a silo work on their clusters at once (<see cref="FleetOptions.MaxConcurrentReconciles"/>).
/// Unbounded, a silo starting with ten thousand clusters, or a commit that reaches them all, starts ten thousand
/// reconciles together: their connections and requests queue past the request timeout, the retries add to the queue,
/// and nothing converges. Reconciles that find nothing to do never wait here. Waiters are served in arrival order and
/// never turned away, however many wait.
/// </summary>
public sealed class ReconcileGate(IOptions<FleetOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _slots = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentReconciles,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Waits for a slot; disposing the result gives it back (once, however often it is disposed).</summary>
    public async Task<IDisposable> EnterAsync()
    {
        var slot = await _slots.AcquireAsync();
        if (!slot.IsAcquired)
        {
            // Refused only once the gate was disposed with the silo.
            slot.Dispose();
            throw new ObjectDisposedException(nameof(ReconcileGate));
        }
        return slot;
    }

    public void Dispose() => _slots.Dispose();
}
