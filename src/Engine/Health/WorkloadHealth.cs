namespace Fleet.Engine.Health;

/// <summary>
/// Health of the apps/v1 workloads, following <c>kubectl rollout status</c>: a rollout is done when the controller has
/// observed the latest spec and every replica is updated and available.
/// </summary>
internal static class WorkloadHealth
{
    public static HealthAssessment Deployment(LiveObject live)
    {
        if (live.Flag("spec", "paused"))
        {
            return Verdict.Suspended("Paused", $"Deployment {live.Name} is paused; resume it to continue the rollout.");
        }

        if (Verdict.UnobservedGeneration(live) is { } unobserved)
        {
            return unobserved;
        }

        if (live.Condition("Progressing") is { IsFalse: true, Reason: "ProgressDeadlineExceeded" } stuck)
        {
            return Verdict.Degraded("ProgressDeadlineExceeded",
                Verdict.Sentence(stuck.Message, $"Deployment {live.Name} exceeded its progress deadline."));
        }

        var desired = live.Number("spec", "replicas") ?? 1;
        var replicas = live.Number("status", "replicas") ?? 0;
        var updated = live.Number("status", "updatedReplicas") ?? 0;
        var available = live.Number("status", "availableReplicas") ?? 0;

        if (updated < desired)
        {
            return Verdict.Progressing("RollingOut", $"Waiting for rollout: {updated} of {desired} replicas updated.");
        }

        if (replicas > updated)
        {
            return Verdict.Progressing("TerminatingOldReplicas",
                $"Waiting for rollout: {replicas - updated} old replicas are pending termination.");
        }

        if (available < updated)
        {
            return Verdict.Progressing("WaitingForAvailability",
                $"Waiting for rollout: {available} of {updated} updated replicas available.");
        }

        return Verdict.Healthy("RolledOut", $"All {desired} replicas are updated and available.");
    }

    public static HealthAssessment StatefulSet(LiveObject live)
    {
        if (Verdict.UnobservedGeneration(live) is { } unobserved)
        {
            return unobserved;
        }

        var desired = live.Number("spec", "replicas") ?? 1;
        var ready = live.Number("status", "readyReplicas") ?? 0;
        if (ready < desired)
        {
            return Verdict.Progressing("WaitingForReadyReplicas", $"Waiting for pods: {ready} of {desired} replicas ready.");
        }

        if (live.String("spec", "updateStrategy", "type") == "OnDelete")
        {
            // Pods change only when someone deletes them; there is no rollout to wait for.
            return Verdict.Healthy("Ready", $"All {desired} replicas are ready.");
        }

        if (live.Number("spec", "updateStrategy", "rollingUpdate", "partition") is long partition and > 0)
        {
            var updated = live.Number("status", "updatedReplicas") ?? 0;
            var toUpdate = Math.Max(0, desired - partition);
            return updated < toUpdate
                ? Verdict.Progressing("RollingOut", $"Waiting for partitioned rollout: {updated} of {toUpdate} replicas updated.")
                : Verdict.Healthy("PartitionRolledOut", $"Partitioned rollout complete: {updated} of {desired} replicas updated.");
        }

        var current = live.String("status", "currentRevision");
        var update = live.String("status", "updateRevision");
        if (update is not null && current != update)
        {
            return Verdict.Progressing("RollingOut",
                $"Waiting for the rolling update to revision {update} to finish ({live.Number("status", "updatedReplicas") ?? 0} of {desired} replicas updated).");
        }

        return Verdict.Healthy("Ready", $"All {desired} replicas are ready and updated.");
    }

    public static HealthAssessment DaemonSet(LiveObject live)
    {
        if (Verdict.UnobservedGeneration(live) is { } unobserved)
        {
            return unobserved;
        }

        var desired = live.Number("status", "desiredNumberScheduled") ?? 0;
        var updated = live.Number("status", "updatedNumberScheduled") ?? 0;
        var available = live.Number("status", "numberAvailable") ?? 0;

        if (live.String("spec", "updateStrategy", "type") != "OnDelete" && updated < desired)
        {
            return Verdict.Progressing("RollingOut", $"Waiting for rollout: {updated} of {desired} nodes updated.");
        }

        if (available < desired)
        {
            return Verdict.Progressing("WaitingForAvailability", $"Waiting for pods: {available} of {desired} nodes available.");
        }

        return Verdict.Healthy("RolledOut", $"Pods are available on all {desired} scheduled nodes.");
    }

    public static HealthAssessment ReplicaSet(LiveObject live)
    {
        if (Verdict.UnobservedGeneration(live) is { } unobserved)
        {
            return unobserved;
        }

        if (live.Condition("ReplicaFailure") is { IsTrue: true } failure)
        {
            return Verdict.Degraded(failure.Reason ?? "ReplicaFailure",
                Verdict.Sentence(failure.Message, $"ReplicaSet {live.Name} cannot create its pods."));
        }

        var desired = live.Number("spec", "replicas") ?? 1;
        var available = live.Number("status", "availableReplicas") ?? 0;
        return available < desired
            ? Verdict.Progressing("WaitingForAvailability", $"Waiting for pods: {available} of {desired} replicas available.")
            : Verdict.Healthy("Available", $"All {desired} replicas are available.");
    }
}
