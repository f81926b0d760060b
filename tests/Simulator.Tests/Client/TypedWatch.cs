using System.Collections.Concurrent;
using System.Threading.Channels;
using k8s;

namespace Fleet.Simulator.Tests.Client;

/// <summary>
/// Collects the events of a KubernetesClient <see cref="Watcher{T}"/> so a test can wait for each with a deadline
/// instead of sleeping.
/// </summary>
public sealed class TypedWatch<T> : IDisposable
{
    private readonly Channel<(WatchEventType Type, T Object)> _events = Channel.CreateUnbounded<(WatchEventType, T)>();
    private readonly Watcher<T> _watcher;

    private TypedWatch(Func<Action<WatchEventType, T>, Action<Exception>, Action, Watcher<T>> start) =>
        _watcher = start(
            (type, item) => _events.Writer.TryWrite((type, item)),
            error => Errors.Enqueue(error),
            () => _events.Writer.TryComplete());

    /// <summary>Errors the watcher reported (bad lines, a broken stream); written from the watcher's thread.</summary>
    public ConcurrentQueue<Exception> Errors { get; } = new();

    /// <summary>Starts a watch through a client's <c>WatchList…</c> call, handing it the event, error and close callbacks.</summary>
    public static TypedWatch<T> Start(Func<Action<WatchEventType, T>, Action<Exception>, Action, Watcher<T>> start) => new(start);

    /// <summary>The next event, or null when none arrives before the deadline.</summary>
    public async Task<(WatchEventType Type, T Object)?> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    public void Dispose() => _watcher.Dispose();
}
