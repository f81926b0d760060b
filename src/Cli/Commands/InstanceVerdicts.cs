using Fleet.Cli.Api;
using Fleet.Engine.Status;

namespace Fleet.Cli.Commands;

/// <summary>
/// What the CLI may conclude from an instance's reported status: whether its sync status can be trusted at all
/// (<c>app diff</c>), and whether it reports a failure that waiting will not cure (<c>app wait</c>). Pure, so that the
/// decisions are tested in a table and the commands only print.
/// </summary>
public static class InstanceVerdicts
{
    private const string True = "True";
    private const string False = "False";

    /// <summary>
    /// Why the instance's live objects were not compared with Git, or null when its sync status can be trusted.
    /// A render that failed, an unreachable cluster or a failed reconcile leave the last sync status in place, which
    /// may read Synced: saying "in sync" then would be a guess.
    /// </summary>
    public static ConditionView? WhyNotCompared(InstanceView instance)
    {
        var blocking = instance.Conditions.FirstOrDefault(c =>
            (c.Type == ConditionTypes.RenderFailed && c.Status == True)
            || (c.Type == ConditionTypes.ClusterReachable && c.Status != True)
            || (c.Type == ConditionTypes.ReconcileFailed && c.Status == True));
        if (blocking is not null)
        {
            return blocking;
        }
        if (instance.Sync == nameof(SyncStatus.Unknown))
        {
            return instance.FirstProblem ?? new ConditionView
            {
                Type = ConditionTypes.Synced,
                Status = nameof(SyncStatus.Unknown),
                Reason = nameof(SyncStatus.Unknown),
                Message = "the instance has not compared its live objects with Git yet",
            };
        }
        return null;
    }

    /// <summary>
    /// A failure that waiting will not fix without a change in Git or in the cluster, or null. An unreachable cluster
    /// is not one: Fleet retries it by itself and the instance recovers when the cluster answers again.
    /// </summary>
    public static ConditionView? WhyStuck(InstanceView instance) => instance.Conditions.FirstOrDefault(c =>
        (c.Type == ConditionTypes.RenderFailed && c.Status == True)
        || (c.Type == ConditionTypes.Synced && c.Status == False && c.Reason == Reasons.SyncFailed)
        || (c.Type == ConditionTypes.ReconcileFailed && c.Status == True));

    /// <summary>"reason: message", or the reason alone when there is no message.</summary>
    public static string Describe(ConditionView condition) =>
        string.IsNullOrWhiteSpace(condition.Message) ? condition.Reason : $"{condition.Reason}: {condition.Message}";

    /// <summary>One line for a pin: "pinned at REV by WHO since TIME (AGE ago)".</summary>
    public static string Describe(PinView pin) =>
        $"pinned at {Values.Short(pin.Revision)} by {(string.IsNullOrEmpty(pin.By) ? "(unknown)" : pin.By)} since "
        + $"{pin.Since.ToString("u", System.Globalization.CultureInfo.InvariantCulture)} ({Values.Age(pin.Since)} ago)"
        + (string.IsNullOrEmpty(pin.Reason) ? "" : $", {pin.Reason}");
}
