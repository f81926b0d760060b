using System.Text.Json.Nodes;
using Fleet.Simulator.Model;

namespace Fleet.Simulator.Controllers;

/// <summary>The pacing of the simulated controllers: how long the things a real cluster waits for take here.</summary>
public sealed class ControllerOptions
{
    /// <summary>Time for one replica (or a bare Pod) to become ready.</summary>
    public TimeSpan ReplicaReadyDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Time a Job's pods run before the Job completes.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time for a PersistentVolumeClaim to become Bound.</summary>
    public TimeSpan VolumeBindDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Time for a LoadBalancer Service to get its ingress address.</summary>
    public TimeSpan LoadBalancerDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How often a HorizontalPodAutoscaler looks at its target again (15 seconds on a real cluster; compressed like
    /// the other delays so a target written outside the allowed range is brought back quickly).
    /// </summary>
    public TimeSpan AutoscalerSyncPeriod { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>What one reconcile asks the host to do.</summary>
/// <param name="Status">The complete new <c>status</c> to write through the status subresource; null when nothing changed.</param>
/// <param name="RequeueAfter">When to reconcile again; null to wait for the next write of the object.</param>
public sealed record ControllerStep(JsonObject? Status, TimeSpan? RequeueAfter)
{
    /// <summary>Nothing to write and nothing to wait for.</summary>
    public static ControllerStep Steady { get; } = new(null, null);
}

/// <summary>
/// A simulated controller: a pure function from an object and the time to the status a real controller would have
/// written by then. Everything it needs to continue is read back from the object (generation, status, timestamps).
/// </summary>
public interface IController
{
    /// <summary>True for the one kind this controller owns.</summary>
    bool Handles(ResourceType type);

    /// <summary>The status to write now, and when to look again.</summary>
    ControllerStep Reconcile(JsonObject obj, DateTimeOffset now, ControllerOptions options);
}
