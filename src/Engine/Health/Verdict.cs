using Fleet.Engine.Status;

namespace Fleet.Engine.Health;

/// <summary>Short constructors that keep the per-kind rules readable.</summary>
internal static class Verdict
{
    public static HealthAssessment Healthy(string reason, string message) => new(HealthStatus.Healthy, reason, message);

    public static HealthAssessment Suspended(string reason, string message) => new(HealthStatus.Suspended, reason, message);

    public static HealthAssessment Progressing(string reason, string message) => new(HealthStatus.Progressing, reason, message);

    public static HealthAssessment Degraded(string reason, string message) => new(HealthStatus.Degraded, reason, message);

    /// <summary>The verdict while a controller has not yet acted on the latest spec.</summary>
    public static HealthAssessment? UnobservedGeneration(LiveObject live) =>
        live.IsGenerationUnobserved(out var generation, out var observed)
            ? Progressing("ObservingGeneration",
                $"Waiting for the controller to observe generation {generation} of {live.Kind} {live.Name} (it has seen {observed}).")
            : null;

    /// <summary>Ends a condition's message as a sentence, or uses the fallback when it has none.</summary>
    public static string Sentence(string? message, string fallback)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return fallback;
        }

        var trimmed = message.Trim();
        return trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }
}
