using Fleet.Api.Validation;
using Microsoft.Extensions.Configuration;

namespace Fleet.Api.Events;

/// <summary>
/// How many event streams one caller may hold open at once (<c>Fleet:Events:MaxStreamsPerCaller</c>, 10 by default).
/// Each open stream keeps a request, a journal reader and a heartbeat alive on the silo for as long as the client
/// wants; without a bound, one token (a script reconnecting in a loop, a leaked browser tab per page view) could hold
/// thousands.
/// </summary>
public sealed class EventStreamSlots
{
    /// <summary>The default bound per caller.</summary>
    public const int DefaultPerCaller = 10;

    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Reads the bound from configuration; throws naming the key when it is not a positive number.</summary>
    public EventStreamSlots(IConfiguration configuration)
    {
        PerCaller = Settings.PositiveNumber(configuration, "Fleet:Events:MaxStreamsPerCaller", DefaultPerCaller);
    }

    /// <summary>The bound per caller.</summary>
    public int PerCaller { get; }

    /// <summary>A slot for <paramref name="caller"/>, released when disposed; null when the caller holds all of theirs.</summary>
    public IDisposable? TryTake(string caller)
    {
        lock (_gate)
        {
            var open = _open.GetValueOrDefault(caller);
            if (open >= PerCaller)
            {
                return null;
            }
            _open[caller] = open + 1;
        }
        return new Slot(this, caller);
    }

    private void Release(string caller)
    {
        lock (_gate)
        {
            // Forgetting a caller with no open stream keeps the map as small as the set of callers streaming now.
            if (_open.GetValueOrDefault(caller) <= 1)
            {
                _open.Remove(caller);
            }
            else
            {
                _open[caller]--;
            }
        }
    }

    private sealed class Slot(EventStreamSlots slots, string caller) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release(caller);
            }
        }
    }
}
