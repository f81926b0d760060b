using Fleet.Grains.Runtime;
using Fleet.Grains.Scheduling;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Tests.Scheduling;

public class ReconcileGateTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EnterAsync_AllSlotsTaken_WaitsUntilOneIsGivenBack()
    {
        var gate = new ReconcileGate(Options.Create(new FleetOptions { MaxConcurrentReconciles = 2 }));
        var first = await gate.EnterAsync();
        using var second = await gate.EnterAsync();

        var third = gate.EnterAsync();
        Assert.False(third.IsCompleted);

        first.Dispose();
        using var entered = await third.WaitAsync(Deadline);
    }

    [Fact]
    public async Task Dispose_Twice_GivesTheSlotBackOnce()
    {
        var gate = new ReconcileGate(Options.Create(new FleetOptions { MaxConcurrentReconciles = 1 }));
        var slot = await gate.EnterAsync();
        slot.Dispose();
        slot.Dispose();

        using var again = await gate.EnterAsync().WaitAsync(Deadline);
        Assert.False(gate.EnterAsync().IsCompleted);
    }

    [Fact]
    public async Task EnterAsync_ManyWaiters_NeverMoreThanTheLimitInside()
    {
        using var gate = new ReconcileGate(Options.Create(new FleetOptions { MaxConcurrentReconciles = 3 }));
        var inside = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var slot = await gate.EnterAsync();
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        })).WaitAsync(Deadline);

        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public async Task EnterAsync_Waiters_EnterInArrivalOrder()
    {
        using var gate = new ReconcileGate(Options.Create(new FleetOptions { MaxConcurrentReconciles = 1 }));
        var held = await gate.EnterAsync();
        var waiters = Enumerable.Range(0, 5).Select(_ => gate.EnterAsync()).ToList();
        var entered = new List<int>();

        held.Dispose();
        for (var i = 0; i < waiters.Count; i++)
        {
            var done = await Task.WhenAny(waiters).WaitAsync(Deadline);
            var index = waiters.IndexOf(done);
            entered.Add(index);
            waiters[index] = new TaskCompletionSource<IDisposable>().Task;
            (await done).Dispose();
        }

        Assert.Equal([0, 1, 2, 3, 4], entered);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
