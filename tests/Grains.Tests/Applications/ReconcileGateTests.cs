using Fleet.Grains.Applications;
using Fleet.Grains.Runtime;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Tests.Applications;

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
}
