using Fleet.Engine.Status;

namespace Fleet.Grains.ImageAutomation;

/// <summary>The Ready condition image automation objects carry, with the transition time kept while the status holds.</summary>
internal static class ImageConditions
{
    public static Condition Ready(Condition? previous, bool ready, string reason, string message, DateTimeOffset now) => new()
    {
        Type = "Ready",
        Status = ready ? "True" : "False",
        Reason = reason,
        Message = message,
        LastTransitionTime = previous?.Status == (ready ? "True" : "False") ? previous.LastTransitionTime : now,
    };

    /// <summary>Whether a failure is news: the first one, or one with another reason (events go out once per episode).</summary>
    public static bool IsNewFailure(Condition? previous, string reason) => previous is null || previous.Status != "False" || previous.Reason != reason;
}
