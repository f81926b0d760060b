using System.Threading.Channels;
using Fleet.Kubernetes.Selectors;
using Fleet.Simulator.Selectors;

namespace Fleet.Simulator.Storage;

/// <summary>The kinds of change a watch reports.</summary>
public enum WatchEventType { Added, Modified, Deleted }

/// <summary>One change as a watcher sees it (after its selectors turned a MODIFIED into ADDED or DELETED).</summary>
public sealed record WatchEvent(WatchEventType Type, StoredObject Object);

/// <summary>What one watch asks for: a resource, optionally one namespace, and selectors.</summary>
public sealed record WatchFilter(string GroupResource, string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public bool Covers(StoredObject obj, IReadOnlyDictionary<string, string> labels) =>
        (Namespace is null || obj.Namespace == Namespace) && Fields.Matches(obj.Name, obj.Namespace) && Labels.Matches(labels);
}

/// <summary>A registered watch: its filter and the channel its HTTP stream reads from.</summary>
public sealed class Watcher
{
    internal Watcher(WatchFilter filter) => Filter = filter;

    public WatchFilter Filter { get; }

    /// <summary>Events in resourceVersion order; completed when the cluster goes away.</summary>
    public Channel<WatchEvent> Events { get; } = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
}

/// <summary>
/// A virtual cluster's change history and live watchers. Not thread-safe on its own: the owning
/// <see cref="VirtualCluster"/> calls it under its lock, which is what makes "replay history, then go live" gap-free.
/// </summary>
internal sealed class WatchHub(int historyCapacity)
{
    private sealed record Change(WatchEventType Type, StoredObject Object, IReadOnlyDictionary<string, string>? PreviousLabels);

    private readonly Queue<Change> _history = new();
    private readonly List<Watcher> _watchers = [];

    /// <summary>Events after this resourceVersion are all still in the history; older ones answer 410 Gone.</summary>
    public long OldestReplayable { get; private set; }

    public int WatcherCount => _watchers.Count;

    public void Publish(WatchEventType type, StoredObject obj, IReadOnlyDictionary<string, string>? previousLabels)
    {
        var change = new Change(type, obj, previousLabels);
        _history.Enqueue(change);
        while (_history.Count > historyCapacity)
        {
            OldestReplayable = _history.Dequeue().Object.ResourceVersion;
        }
        foreach (var watcher in _watchers)
        {
            Deliver(watcher, change);
        }
    }

    /// <summary>Registers a watcher, first replaying the retained changes after <paramref name="sinceResourceVersion"/>.</summary>
    public Watcher Subscribe(WatchFilter filter, long sinceResourceVersion)
    {
        var watcher = new Watcher(filter);
        foreach (var change in _history)
        {
            if (change.Object.ResourceVersion > sinceResourceVersion)
            {
                Deliver(watcher, change);
            }
        }
        _watchers.Add(watcher);
        return watcher;
    }

    public void Unsubscribe(Watcher watcher) => _watchers.Remove(watcher);

    public void CompleteAll()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Events.Writer.TryComplete();
        }
        _watchers.Clear();
    }

    // A label selector turns a MODIFIED into ADDED (object moved into the selection) or DELETED (moved out of it).
    private static void Deliver(Watcher watcher, Change change)
    {
        var filter = watcher.Filter;
        if (change.Object.Type.GroupResource != filter.GroupResource)
        {
            return;
        }
        var nowIn = filter.Covers(change.Object, change.Object.Labels);
        if (change.Type != WatchEventType.Modified || change.PreviousLabels is null || filter.Labels.IsEmpty)
        {
            if (nowIn)
            {
                watcher.Events.Writer.TryWrite(new WatchEvent(change.Type, change.Object));
            }
            return;
        }
        var wasIn = filter.Covers(change.Object, change.PreviousLabels);
        var type = (wasIn, nowIn) switch
        {
            (true, true) => WatchEventType.Modified,
            (false, true) => WatchEventType.Added,
            (true, false) => WatchEventType.Deleted,
            _ => (WatchEventType?)null,
        };
        if (type is WatchEventType t)
        {
            watcher.Events.Writer.TryWrite(new WatchEvent(t, change.Object));
        }
    }
}
