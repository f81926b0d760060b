using Fleet.Reconciler.Scheduling;
using Polly.Retry;
using Polly;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>
/// A failed attempt that the transport may retry: carried to the retry pipeline as an outcome, never thrown, and
/// turned into a <see cref="ClusterUnreachableException"/> once the attempts are spent.
/// </summary>
internal sealed class ApiAttemptFailure(string reason, string detail, Exception? inner = null) : Exception(detail, inner)
{
    /// <summary>The <see cref="UnreachableReason"/> the caller sees.</summary>
    public string Reason { get; } = reason;

    /// <summary>What went wrong, for the message.</summary>
    public string Detail { get; } = detail;

    /// <summary>The delay the server asked for (429 or 5xx with Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>False for failures that repeating cannot fix (an untrusted certificate).</summary>
    public bool Retryable { get; init; } = true;
}

/// <summary>
/// The retry pipeline of cluster calls: retryable <see cref="ApiAttemptFailure"/>s are tried again up to
/// <see cref="ClusterConnectionOptions.MaxAttempts"/> attempts, after the server's Retry-After when it sent one (it
/// knows its load best) and after the shared jittered <see cref="Backoff"/> otherwise. Built once per connection;
/// its callbacks take everything from their arguments, so a request allocates no delegate.
/// </summary>
internal static class ApiRetries
{
    // A misbehaving server must not park a caller for hours.
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    // Retries made so far, kept on the (pooled) context of the request: read once the pipeline gives up.
    private static readonly ResiliencePropertyKey<int> RetriesMade = new("fleet.cluster-call.retries");

    public static ResiliencePipeline<T> Build<T>(ClusterConnectionOptions options, TimeProvider time)
    {
        if (options.MaxAttempts <= 1)
        {
            return ResiliencePipeline<T>.Empty;
        }
        var backoff = options.Backoff;
        return new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = static args => new ValueTask<bool>(args.Outcome.Exception is ApiAttemptFailure { Retryable: true }),
                DelayGenerator = args => new ValueTask<TimeSpan?>(Delay(args.Outcome.Exception as ApiAttemptFailure, args.AttemptNumber, backoff)),
                OnRetry = static args =>
                {
                    args.Context.Properties.Set(RetriesMade, args.AttemptNumber + 1);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>How many attempts the request made, once the pipeline returned.</summary>
    public static int AttemptsMade(ResilienceContext context) => context.Properties.GetValue(RetriesMade, 0) + 1;

    /// <summary>The delay before retry number <paramref name="retry"/> (0 for the first retry).</summary>
    public static TimeSpan Delay(ApiAttemptFailure? failure, int retry, Backoff backoff) =>
        failure?.RetryAfter is { } serverDelay && serverDelay >= TimeSpan.Zero
            ? (serverDelay < MaxRetryAfter ? serverDelay : MaxRetryAfter)
            : backoff.Delay(retry);
}
