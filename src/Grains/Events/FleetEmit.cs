using Fleet.Engine.Reconciliation;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Events;
using Fleet.Reconciler.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Grains.Events;

/// <summary>
/// The emission points, one call each from the instance and cluster grains. Each turns what the grain knows into a
/// <see cref="FleetEvent"/> whose reason and message say why, and hands it to the silo's publisher without waiting.
/// </summary>
internal static class FleetEmit
{
    /// <summary>An instance is about to apply objects, for <paramref name="reason"/> (a <see cref="Reasons"/> value).</summary>
    public static void SyncStarted(Grain grain, string application, string cluster, string revision, string reason, string initiatedBy) =>
        Publish(grain, new FleetEvent
        {
            Kind = FleetEventKind.SyncStarted,
            Application = application,
            Cluster = cluster,
            Revision = revision,
            Reason = reason,
            Message = SharedText.Of(reason switch
            {
                Reasons.ManualSync => $"Sync of revision {Short(revision)} requested by {initiatedBy}.",
                Reasons.RevisionChanged => $"Applying revision {Short(revision)}: its manifests differ from the last applied.",
                _ => $"Re-applying revision {Short(revision)}: live objects differ from Git.",
            }),
        });

    /// <summary>An instance finished applying objects.</summary>
    public static void SyncFinished(Grain grain, string application, string cluster, SyncRecord record) =>
        Publish(grain, new FleetEvent
        {
            Kind = record.Result == SyncResults.Succeeded ? FleetEventKind.SyncSucceeded : FleetEventKind.SyncFailed,
            Application = application,
            Cluster = cluster,
            Revision = record.Revision,
            Reason = record.Result == SyncResults.Succeeded ? Reasons.SyncSucceeded : Reasons.SyncFailed,
            Message = record.Result == SyncResults.Succeeded
                ? SharedText.Of(ReconcileResults.Succeeded(record))
                : record.Message ?? "The sync failed.",
        });

    /// <summary>
    /// An instance compared desired and live state. Drift is live state that changed while the applied render is
    /// still current (Git did not move); it is reported once per episode.
    /// </summary>
    public static void Diffed(Grain grain, string application, string cluster, string revision, SyncPlan plan)
    {
        if (!plan.Drifted || Publisher(grain) is not { } publisher)
        {
            return;
        }
        if (!publisher.Drifting.TryAdd($"{application}/{cluster}", 0))
        {
            return;
        }
        var drifted = plan.Diffs.Where(d => !d.Value.InSync).Take(5).ToList();
        var missing = drifted.Where(d => d.Value.Missing).Select(d => $"{d.Key.Kind}/{d.Key.Name}").ToList();
        var changed = drifted.Where(d => !d.Value.Missing).ToList();
        var fields = changed.SelectMany(d => d.Value.Differences.Select(f => f.Path)).Distinct().Take(5);
        var sentences = new List<string>();
        if (missing.Count > 0)
        {
            sentences.Add($"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing from the cluster (Git has {(missing.Count == 1 ? "it" : "them")} at {Short(revision)}).");
        }
        if (changed.Count > 0)
        {
            sentences.Add($"{string.Join(", ", changed.Select(d => $"{d.Key.Kind}/{d.Key.Name}"))} differ from Git at {Short(revision)}: {string.Join(", ", fields)}.");
        }
        publisher.Publish(new FleetEvent
        {
            Kind = FleetEventKind.DriftDetected,
            Application = application,
            Cluster = cluster,
            Revision = revision,
            Reason = Reasons.LiveDiffersFromGit,
            Message = drifted.Count == 0
                ? $"Objects removed from Git at {Short(revision)} are still live."
                : string.Join(" ", sentences),
        });
    }

    /// <summary>An instance is about to publish its status: health changes and healed drift become events.</summary>
    public static void Publishing(Grain grain, string application, string cluster, InstanceStatus previous, InstanceStatus next)
    {
        if (Publisher(grain) is not { } publisher)
        {
            return;
        }
        if (next.Sync == SyncStatus.Synced && publisher.Drifting.TryRemove($"{application}/{cluster}", out _))
        {
            publisher.Publish(new FleetEvent
            {
                Kind = FleetEventKind.DriftHealed,
                Application = application,
                Cluster = cluster,
                Revision = next.Revision,
                Reason = Reasons.LiveMatchesGit,
                Message = $"Live objects match Git again at {Short(next.Revision ?? "")}.",
            });
        }
        foreach (var failure in next.Conditions.Where(c => IsFailure(c) && !previous.Conditions.Any(c.Holds)))
        {
            publisher.Publish(new FleetEvent
            {
                Kind = failure.Type switch
                {
                    ConditionTypes.RenderFailed => FleetEventKind.RenderFailed,
                    ConditionTypes.ReconcileFailed => FleetEventKind.ReconcileFailed,
                    _ => FleetEventKind.SyncFailed,
                },
                Application = application,
                Cluster = cluster,
                Revision = next.Revision,
                Reason = failure.Reason,
                Message = failure.Message,
            });
        }
        // The first status of a new instance is not a change anyone waits for.
        var initial = previous.Revision is null && previous.Conditions.Count == 0;
        if (previous.Health == next.Health || initial)
        {
            return;
        }
        var why = next.Conditions.FirstOrDefault(c => c.Type == ConditionTypes.Healthy && c.Status == "False")
            ?? next.Conditions.FirstOrDefault(c => c.Status == "False" || c.Type == ConditionTypes.ReconcileFailed);
        publisher.Publish(new FleetEvent
        {
            Kind = FleetEventKind.HealthChanged,
            Application = application,
            Cluster = cluster,
            Revision = next.Revision,
            Reason = why?.Reason ?? next.Health.ToString(),
            Message = why?.Message ?? $"{application} on {cluster} is {next.Health} (was {previous.Health}).",
            FromHealth = previous.Health,
            ToHealth = next.Health,
        });
    }

    // Failures a status shows that no other emission point reports: a render that fails, a reconcile stopped by an
    // error, a sync refused before it started. A sync that failed while applying is reported by SyncFinished, an
    // unreachable cluster once per cluster by ConnectivityChanged.
    private static bool IsFailure(Condition c) => c.Type switch
    {
        ConditionTypes.RenderFailed or ConditionTypes.ReconcileFailed => c.Status == "True",
        ConditionTypes.Synced => c.Status == "False" && c.Reason == Reasons.OwnedByAnotherApplication,
        _ => false,
    };

    /// <summary>A cluster's probe changed its connectivity.</summary>
    public static void ConnectivityChanged(Grain grain, string cluster, Connectivity before, Connectivity after, string? reason, string? message)
    {
        if (after == Connectivity.Unreachable && before != Connectivity.Unreachable)
        {
            Publish(grain, new FleetEvent
            {
                Kind = FleetEventKind.ClusterUnreachable,
                Cluster = cluster,
                Reason = reason ?? "Unreachable",
                Message = message ?? $"Cluster {cluster} does not answer.",
            });
        }
        else if (after == Connectivity.Connected && before == Connectivity.Unreachable)
        {
            Publish(grain, new FleetEvent
            {
                Kind = FleetEventKind.ClusterRecovered,
                Cluster = cluster,
                Reason = "Reachable",
                Message = $"Cluster {cluster} answers its probe again.",
            });
        }
    }

    private static void Publish(Grain grain, FleetEvent e) => Publisher(grain)?.Publish(e);

    private static FleetEventPublisher? Publisher(Grain grain) =>
        grain.GrainContext.ActivationServices.GetService<FleetEventPublisher>();

    private static string Short(string revision) => revision[..Math.Min(12, revision.Length)];
}
