namespace Fleet.Grains.Kubernetes;

/// <summary>
/// An async token bucket: callers wait (without blocking a thread) until a token is free. Holds the request rate
/// towards one API server, as client-go's rate limiter does; the C# client has none.
/// </summary>
public sealed class TokenBucket(double tokensPerSecond, int capacity, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _tokens = capacity;
    private long _last = time.GetTimestamp();

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetTimestamp();
                _tokens = Math.Min(capacity, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * tokensPerSecond));
                _last = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return;
                }
                wait = TimeSpan.FromSeconds((1 - _tokens) / tokensPerSecond);
            }
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
