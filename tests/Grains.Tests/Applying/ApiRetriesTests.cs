using Fleet.Reconciler.Kubernetes;
using Fleet.Reconciler.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace Fleet.Grains.Tests.Applying;

public sealed class ApiRetriesTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Execute_ServerSentRetryAfter_RetriesOnlyOnceThatTimePassed()
    {
        var time = new FakeTimeProvider();
        var pipeline = ApiRetries.Build<string>(Options(maxAttempts: 3), time);
        var attempts = new Attempts(failures: 1, retryAfter: TimeSpan.FromSeconds(30));

        var run = ExecuteAsync(pipeline, attempts);
        Assert.Equal(1, attempts.Count);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, attempts.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        var (outcome, made) = await run.WaitAsync(Deadline);

        Assert.Equal("ok", outcome.Result);
        Assert.Equal(2, made);
    }

    [Fact]
    public async Task Execute_AlwaysFailing_StopsAfterMaxAttempts()
    {
        var time = new FakeTimeProvider();
        var pipeline = ApiRetries.Build<string>(Options(maxAttempts: 4), time);
        var attempts = new Attempts(failures: int.MaxValue, retryAfter: TimeSpan.Zero);

        var (outcome, made) = await ExecuteAsync(pipeline, attempts).WaitAsync(Deadline);

        Assert.IsType<ApiAttemptFailure>(outcome.Exception);
        Assert.Equal(4, attempts.Count);
        Assert.Equal(4, made);
    }

    [Fact]
    public async Task Execute_FailureRetryingCannotFix_TriesOnce()
    {
        var pipeline = ApiRetries.Build<string>(Options(maxAttempts: 5), new FakeTimeProvider());
        var attempts = new Attempts(failures: int.MaxValue, retryAfter: TimeSpan.Zero, retryable: false);

        var (outcome, made) = await ExecuteAsync(pipeline, attempts).WaitAsync(Deadline);

        Assert.IsType<ApiAttemptFailure>(outcome.Exception);
        Assert.Equal(1, attempts.Count);
        Assert.Equal(1, made);
    }

    [Fact]
    public async Task Execute_OneAttempt_NeverRetries()
    {
        var pipeline = ApiRetries.Build<string>(Options(maxAttempts: 1), new FakeTimeProvider());
        var attempts = new Attempts(failures: int.MaxValue, retryAfter: TimeSpan.Zero);

        var (_, made) = await ExecuteAsync(pipeline, attempts).WaitAsync(Deadline);

        Assert.Equal(1, attempts.Count);
        Assert.Equal(1, made);
    }

    [Fact]
    public async Task Execute_NoRetryAfter_WaitsAJitteredBackoffBelowTheCeiling()
    {
        var time = new FakeTimeProvider();
        var pipeline = ApiRetries.Build<string>(Options(maxAttempts: 2), time);
        var attempts = new Attempts(failures: 1, retryAfter: null);

        var run = ExecuteAsync(pipeline, attempts);
        // The first retry waits below the initial backoff (200 ms), never longer.
        time.Advance(TimeSpan.FromMilliseconds(200));
        var (outcome, made) = await run.WaitAsync(Deadline);

        Assert.Equal("ok", outcome.Result);
        Assert.Equal(2, made);
    }

    [Fact]
    public void Delay_RetryAfterAboveTwoMinutes_IsCapped()
    {
        var failure = new ApiAttemptFailure(UnreachableReason.Throttled, "429") { RetryAfter = TimeSpan.FromHours(3) };

        Assert.Equal(ApiRetries.MaxRetryAfter, ApiRetries.Delay(failure, 0, new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void Delay_RetryAfterInThePast_FallsBackToTheBackoff()
    {
        var failure = new ApiAttemptFailure(UnreachableReason.Throttled, "429") { RetryAfter = TimeSpan.FromSeconds(-5) };
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        Assert.InRange(ApiRetries.Delay(failure, 2, backoff), TimeSpan.Zero, backoff.Ceiling(2));
    }

    private static ClusterConnectionOptions Options(int maxAttempts) => new() { MaxAttempts = maxAttempts };

    private static async Task<(Outcome<string> Outcome, int Attempts)> ExecuteAsync(ResiliencePipeline<string> pipeline, Attempts attempts)
    {
        var context = ResilienceContextPool.Shared.Get(CancellationToken.None);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(static (_, state) => state.Next(), context, attempts);
            return (outcome, ApiRetries.AttemptsMade(context));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Fails the first `failures` attempts the way ApiTransport reports a failed attempt, then succeeds.
    private sealed class Attempts(int failures, TimeSpan? retryAfter, bool retryable = true)
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ValueTask<Outcome<string>> Next() =>
            new(Interlocked.Increment(ref _count) <= failures
                ? Outcome.FromException<string>(new ApiAttemptFailure(UnreachableReason.ServerError, "503") { RetryAfter = retryAfter, Retryable = retryable })
                : Outcome.FromResult("ok"));
    }
}
