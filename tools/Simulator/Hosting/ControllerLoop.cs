using Fleet.Simulator.Controllers;
using Fleet.Simulator.Model;
using Fleet.Simulator.Storage;

namespace Fleet.Simulator.Hosting;

/// <summary>
/// Runs the simulated controllers for every cluster: a deduplicating queue of (cluster, object) keys ordered by due
/// time. A write to an object of a controlled kind queues it now; a controller asks to be called again later.
/// One worker serves every cluster: each step is a few microseconds of pure logic.
/// </summary>
public sealed partial class ControllerLoop(ControllerOptions options, TimeProvider time, ILogger<ControllerLoop> logger) : BackgroundService
{
    private readonly record struct WorkKey(VirtualCluster Cluster, ResourceType Type, string Namespace, string Name);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<WorkKey, DateTimeOffset> _queue = new();
    private readonly Dictionary<WorkKey, DateTimeOffset> _due = [];
    private readonly SemaphoreSlim _signal = new(0);

    public ControllerOptions Options => options;

    public void Watch(VirtualCluster cluster) => cluster.Changed += OnChanged;

    public void Forget(VirtualCluster cluster)
    {
        cluster.Changed -= OnChanged;
        lock (_gate)
        {
            foreach (var key in _due.Keys.Where(k => k.Cluster == cluster).ToList())
            {
                _due.Remove(key);
            }
        }
    }

    private void OnChanged(VirtualCluster cluster, StoredObject obj)
    {
        var type = obj.Type;
        if (Controllers.Controllers.For(type) is not null || (type == BuiltInTypes.Namespace && obj.Terminating))
        {
            Enqueue(new WorkKey(cluster, type, obj.Namespace, obj.Name), time.GetUtcNow());
        }
    }

    private void Enqueue(WorkKey key, DateTimeOffset due)
    {
        lock (_gate)
        {
            if (_due.TryGetValue(key, out var existing) && existing <= due)
            {
                return;
            }
            _due[key] = due;
            _queue.Enqueue(key, due);
        }
        _signal.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = RunDueWork();
            try
            {
                await _signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Runs everything due now; returns how long to sleep until the next item (or until signalled).
    private TimeSpan RunDueWork()
    {
        while (true)
        {
            WorkKey key;
            var now = time.GetUtcNow();
            lock (_gate)
            {
                if (!_queue.TryPeek(out key, out var due))
                {
                    return Timeout.InfiniteTimeSpan;
                }
                if (due > now)
                {
                    return due - now;
                }
                _queue.Dequeue();
                if (!_due.TryGetValue(key, out var current) || current != due)
                {
                    continue; // superseded by an earlier or later entry for the same key
                }
                _due.Remove(key);
            }
            try
            {
                Reconcile(key, now);
            }
            catch (Exception e)
            {
                LogControllerFailed(logger, e, key.Cluster.Name, key.Type.Kind, key.Namespace, key.Name);
                Enqueue(key, now + TimeSpan.FromSeconds(1));
            }
        }
    }

    private void Reconcile(WorkKey key, DateTimeOffset now)
    {
        var stored = key.Cluster.Get(key.Type, key.Namespace, key.Name);
        if (stored is null)
        {
            return;
        }
        if (key.Type == BuiltInTypes.Namespace && stored.Terminating)
        {
            if (!key.Cluster.FinalizeNamespace(key.Name, now))
            {
                Enqueue(key, now + TimeSpan.FromMilliseconds(100));
            }
            return;
        }
        var controller = Controllers.Controllers.For(key.Type);
        if (controller is null)
        {
            return;
        }
        // The autoscaler is the one controller that reads and writes another object (its scale target).
        var step = controller is HorizontalPodAutoscalerController
            ? AutoscalerHost.Reconcile(key.Cluster, stored, now, options)
            : controller.Reconcile(stored.ToNode(), now, options);
        if (step.Status is not null)
        {
            key.Cluster.WriteControllerStatus(key.Type, key.Namespace, key.Name, step.Status, now);
        }
        if (step.RequeueAfter is TimeSpan after)
        {
            Enqueue(key, now + after);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Controller for {Kind} {Namespace}/{Name} in cluster {Cluster} failed")]
    private static partial void LogControllerFailed(ILogger logger, Exception exception, string cluster, string kind, string @namespace, string name);
}
