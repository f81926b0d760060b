using Fleet.Grains.Runtime;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Applications;

/// <summary>
/// Bounds how many instances of a silo work on their clusters at once (<see cref="FleetOptions.MaxConcurrentReconciles"/>).
/// Unbounded, a silo starting with ten thousand clusters, or a commit that reaches them all, starts ten thousand
/// reconciles together: their connections and requests queue past the request timeout, the retries add to the queue,
/// and nothing converges. Reconciles that find nothing to do never wait here.
/// </summary>
public sealed class ReconcileGate(IOptions<FleetOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentReconciles);

    /// <summary>Waits for a slot; disposing the result gives it back.</summary>
    public async Task<IDisposable> EnterAsync()
    {
        await _slots.WaitAsync();
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
