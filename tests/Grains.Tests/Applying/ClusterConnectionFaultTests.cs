using System.Diagnostics;
using Fleet.Reconciler.Kubernetes;
using Fleet.Simulator.Storage;

namespace Fleet.Grains.Tests.Applying;

[Collection(SimulatorCollection.Name)]
public sealed class ClusterConnectionFaultTests(SimulatorFixture simulator)
{
    [Fact]
    public async Task ProbeAsync_HalfOfRequestsFailWith500_SucceedsThroughRetries()
    {
        var options = SimulatorFixture.FastOptions();
        options.MaxAttempts = 13;
        var (connection, cluster) = simulator.Connect(options);
        using var _ = connection;
        cluster.Faults.ErrorRate = 0.5;

        for (var i = 0; i < 20; i++)
        {
            Assert.StartsWith("v", (await connection.ProbeAsync(CancellationToken.None)).GitVersion, StringComparison.Ordinal);
        }

        // Twenty first attempts all succeeding at 50% has a chance of one in a million.
        Assert.True(connection.RequestCount > 20, $"expected retries, saw {connection.RequestCount} requests");
    }

    [Fact]
    public async Task ProbeAsync_ThrottledWithRetryAfter_WaitsThatLongThenSucceeds()
    {
        var (connection, cluster) = simulator.Connect();
        using var _ = connection;
        cluster.Faults.ErrorCode = 429;
        cluster.Faults.RetryAfterSeconds = 1;
        cluster.Faults.ErrorRate = 1;
        var clock = Stopwatch.StartNew();

        var probe = connection.ProbeAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Task.FromResult(connection.RequestCount >= 2 ? (object)true : null), TimeSpan.FromSeconds(5), "the first retry");
        var firstRetry = clock.Elapsed;
        cluster.Faults.Clear();
        var info = await probe;

        // The configured backoff is 10-100 ms: only Retry-After explains a second-long wait.
        Assert.True(firstRetry >= TimeSpan.FromMilliseconds(900), $"retried after {firstRetry.TotalMilliseconds} ms");
        Assert.StartsWith("v", info.GitVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_AlwaysThrottled_ThrowsThrottledAfterRetries()
    {
        var options = SimulatorFixture.FastOptions();
        options.MaxAttempts = 2;
        var (connection, cluster) = simulator.Connect(options);
        using var _ = connection;
        cluster.Faults.ErrorCode = 429;
        cluster.Faults.RetryAfterSeconds = 0;
        cluster.Faults.ErrorRate = 1;

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => connection.ProbeAsync(CancellationToken.None));

        Assert.Equal(UnreachableReason.Throttled, error.Reason);
        Assert.Equal(2, connection.RequestCount);
    }

    [Theory]
    [InlineData(OutageMode.ConnectionRefused, UnreachableReason.ConnectionFailed)]
    [InlineData(OutageMode.Unavailable, UnreachableReason.ServerError)]
    public async Task ProbeAsync_Outage_ThrowsUnreachableAfterBoundedRetriesAndRecovers(OutageMode outage, string reason)
    {
        var options = SimulatorFixture.FastOptions();
        options.MaxAttempts = 3;
        var (connection, cluster) = simulator.Connect(options);
        using var _ = connection;
        cluster.Faults.Outage = outage;

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => connection.ProbeAsync(CancellationToken.None));
        var attempts = connection.RequestCount;
        cluster.Faults.Clear();
        var info = await connection.ProbeAsync(CancellationToken.None);

        Assert.Equal(reason, error.Reason);
        Assert.Contains("3 times", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, attempts);
        Assert.StartsWith("v", info.GitVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_SlowerThanRequestTimeout_ThrowsTimeout()
    {
        var options = SimulatorFixture.FastOptions();
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        options.MaxAttempts = 2;
        var (connection, cluster) = simulator.Connect(options);
        using var _ = connection;
        cluster.Faults.Latency = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => connection.ProbeAsync(CancellationToken.None));

        Assert.Equal(UnreachableReason.Timeout, error.Reason);
        Assert.Equal(2, connection.RequestCount);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"gave up after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task ProbeAsync_TimesOutWhileNothingAnswers_ReplacesTheConnectionAndRecovers()
    {
        var options = SimulatorFixture.FastOptions();
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        options.MaxAttempts = 2;
        var (connection, cluster) = simulator.Connect(options);
        using var _ = connection;
        await connection.ProbeAsync(CancellationToken.None);
        cluster.Faults.Latency = TimeSpan.FromSeconds(5);

        await Assert.ThrowsAsync<ClusterUnreachableException>(() => connection.ProbeAsync(CancellationToken.None));
        Assert.True(connection.ConnectionsReplaced >= 1, "a connection silent for a whole request timeout is given up");

        cluster.Faults.Latency = TimeSpan.Zero;
        Assert.StartsWith("v", (await connection.ProbeAsync(CancellationToken.None)).GitVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_TimesOutWhileOtherRequestsAnswer_KeepsTheConnection()
    {
        var options = SimulatorFixture.FastOptions();
        options.RequestTimeout = TimeSpan.FromSeconds(2);
        options.MaxAttempts = 1;
        var (connection, cluster) = simulator.Connect(options);
        using var _ = connection;
        cluster.Faults.Latency = TimeSpan.FromSeconds(10);

        var served = cluster.RequestCount;
        var slow = connection.ProbeAsync(CancellationToken.None);
        // The simulator counts a request just before it applies the latency fault.
        await Poll.UntilAsync(() => Task.FromResult(cluster.RequestCount > served ? (object)true : null), TimeSpan.FromSeconds(5), "the slow request to arrive");
        cluster.Faults.Latency = TimeSpan.Zero;
        await connection.ProbeAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<ClusterUnreachableException>(() => slow);
        Assert.Equal(UnreachableReason.Timeout, error.Reason);
        Assert.Equal(0, connection.ConnectionsReplaced);
    }

    [Fact]
    public async Task ProbeAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var (connection, cluster) = simulator.Connect();
        using var _ = connection;
        cluster.Faults.Latency = TimeSpan.FromSeconds(5);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ProbeAsync(cancel.Token));

        Assert.Equal(1, connection.RequestCount);
    }

    [Fact]
    public async Task ProbeAsync_ManyConcurrentCallers_StaysUnderTheRateLimit()
    {
        var options = SimulatorFixture.FastOptions();
        options.QueriesPerSecond = 20;
        options.Burst = 5;
        var (connection, _) = simulator.Connect(options);
        using var _ = connection;
        // A cold simulator takes most of a second to answer its first requests: warm it up outside the window.
        await connection.ProbeAsync(CancellationToken.None);
        var before = connection.RequestCount;
        var window = TimeSpan.FromSeconds(1);
        var clock = Stopwatch.StartNew();

        const int Workers = 8;
        var workers = Enumerable.Range(0, Workers).Select(async _ =>
        {
            while (clock.Elapsed < window)
            {
                await connection.ProbeAsync(CancellationToken.None);
            }
        });
        await Task.WhenAll(workers);

        // Each worker may start one request just before the window closes; the bucket allows burst + rate * time.
        var allowed = options.Burst + (options.QueriesPerSecond * clock.Elapsed.TotalSeconds) + Workers;
        var made = connection.RequestCount - before;
        Assert.True(made <= allowed, $"{made} requests in {clock.Elapsed.TotalSeconds:0.00}s, allowed {allowed:0}");
        Assert.True(made >= 15, $"only {made} requests: the limiter is too strict");
    }
}
