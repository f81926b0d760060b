using Fleet.Api.Errors;

namespace Fleet.Production.Tests.Errors;

/// <summary>Which exceptions mean "the control plane cannot answer now" (503) rather than a bug (500).</summary>
public sealed class StoreUnavailableExceptionHandlerTests
{
    [Fact]
    public void IsUnavailable_SiloUnavailable_IsTrue() =>
        Assert.True(StoreUnavailableExceptionHandler.IsUnavailable(new SiloUnavailableException("gone")));

    [Fact]
    public void IsUnavailable_TimeoutInsideAnotherException_IsTrue() =>
        Assert.True(StoreUnavailableExceptionHandler.IsUnavailable(
            new InvalidOperationException("outer", new AggregateException(new TimeoutException("slow")))));

    [Fact]
    public void IsUnavailable_StorageProviderError_IsTrue() =>
        Assert.True(StoreUnavailableExceptionHandler.IsUnavailable(new OrleansException("Error from storage provider")));

    [Fact]
    public void IsUnavailable_ApplicationBug_IsFalse() =>
        Assert.False(StoreUnavailableExceptionHandler.IsUnavailable(new ArgumentException("bad", new NullReferenceException())));
}
