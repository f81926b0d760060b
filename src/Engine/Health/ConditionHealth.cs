namespace Fleet.Engine.Health;

/// <summary>
/// Health of kinds without a specific rule (mostly custom resources) from the widespread <c>Ready</c> condition, as
/// kstatus reads it.
/// </summary>
internal static class ConditionHealth
{
    public static HealthAssessment? FromReadyCondition(LiveObject live)
    {
        if (live.Condition("Ready") is not { } ready)
        {
            return null;
        }

        // A Ready condition written before the controller saw the latest spec says nothing about that spec.
        if (live.Number("status", "observedGeneration") is not null && Verdict.UnobservedGeneration(live) is { } unobserved)
        {
            return unobserved;
        }

        return ready.Status switch
        {
            "True" => Verdict.Healthy(ready.Reason ?? "Ready", Verdict.Sentence(ready.Message, $"{live.Kind} {live.Name} is ready.")),
            "False" => Verdict.Degraded(ready.Reason ?? "NotReady", Verdict.Sentence(ready.Message, $"{live.Kind} {live.Name} is not ready.")),
            _ => Verdict.Progressing(ready.Reason ?? "ReadyUnknown",
                Verdict.Sentence(ready.Message, $"Waiting for {live.Kind} {live.Name} to report whether it is ready.")),
        };
    }
}
