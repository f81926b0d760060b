namespace Fleet.Engine.Health;

/// <summary>Health of a Pod from its phase, its Ready condition and its containers' waiting reasons.</summary>
internal static class PodHealth
{
    /// <summary>Waiting reasons that will not resolve by waiting: the image or the program needs fixing.</summary>
    private static readonly HashSet<string> BrokenWaitingReasons = new(StringComparer.Ordinal)
    {
        "ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff", "InvalidImageName", "CreateContainerConfigError",
    };

    public static HealthAssessment Assess(LiveObject live)
    {
        var phase = live.String("status", "phase") ?? "Pending";
        switch (phase)
        {
            case "Succeeded":
                return Verdict.Healthy("Completed", $"Pod {live.Name} ran to completion.");
            case "Failed":
                return Verdict.Degraded(live.String("status", "reason") ?? "Failed",
                    Verdict.Sentence(live.String("status", "message"), $"Pod {live.Name} failed; check its container logs."));
        }

        if (BrokenContainer(live) is { } broken)
        {
            return broken;
        }

        if (phase == "Running" && live.Condition("Ready") is { IsTrue: true })
        {
            return Verdict.Healthy("Running", $"Pod {live.Name} is running and ready.");
        }

        var notReady = live.Items("status", "containerStatuses").Select(status => new LiveObject(status)).Where(c => !c.Flag("ready")).Select(c => c.String("name")).OfType<string>().ToList();
        return phase == "Running" && notReady.Count > 0
            ? Verdict.Progressing("ContainersNotReady", $"Waiting for containers to become ready: {string.Join(", ", notReady)}.")
            : Verdict.Progressing(phase, Verdict.Sentence(live.Condition("PodScheduled") is { IsFalse: true } unscheduled
                ? unscheduled.Message
                : null, $"Pod {live.Name} is {phase.ToLowerInvariant()}; waiting for it to start."));
    }

    private static HealthAssessment? BrokenContainer(LiveObject live)
    {
        foreach (var container in Containers(live))
        {
            var reason = container.String("state", "waiting", "reason");
            if (reason is not null && BrokenWaitingReasons.Contains(reason))
            {
                var detail = container.String("state", "waiting", "message");
                var message = $"Container {container.String("name")} is waiting with {reason}"
                    + (string.IsNullOrWhiteSpace(detail) ? "; check its image and command." : $": {Verdict.Sentence(detail, "")}");
                return Verdict.Degraded(reason, message);
            }
        }

        return null;
    }

    private static IEnumerable<LiveObject> Containers(LiveObject live) =>
        live.Items("status", "initContainerStatuses")
            .Concat(live.Items("status", "containerStatuses"))
            .Select(status => new LiveObject(status));
}
