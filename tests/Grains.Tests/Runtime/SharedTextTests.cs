using Fleet.Reconciler.Runtime;

namespace Fleet.Grains.Tests.Runtime;

public sealed class SharedTextTests
{
    [Fact]
    public void Of_EqualTextBuiltApart_ReturnsOneInstance()
    {
        var name = "shared-" + Guid.NewGuid().ToString("N");
        var first = SharedText.Of(new string(name.AsSpan()));
        var second = SharedText.Of(new string(name.AsSpan()));

        Assert.Equal(name, first);
        Assert.Same(first, second);
        Assert.NotSame(first, SharedText.Of(name + "-other"));
    }
}
