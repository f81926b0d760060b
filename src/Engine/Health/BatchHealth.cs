namespace Fleet.Engine.Health;

/// <summary>Health of batch/v1 Jobs and CronJobs.</summary>
internal static class BatchHealth
{
    public static HealthAssessment Job(LiveObject live)
    {
        if (live.Condition("Failed") is { IsTrue: true } failed)
        {
            return Verdict.Degraded(failed.Reason ?? "Failed",
                Verdict.Sentence(failed.Message, $"Job {live.Name} failed; check the logs of its pods."));
        }

        if (live.Condition("Complete") is { IsTrue: true })
        {
            return Verdict.Healthy("Complete", $"Job {live.Name} completed.");
        }

        if (live.Flag("spec", "suspend"))
        {
            return Verdict.Suspended("Suspended", $"Job {live.Name} is suspended; set spec.suspend to false to run it.");
        }

        var active = live.Number("status", "active") ?? 0;
        var succeeded = live.Number("status", "succeeded") ?? 0;
        var completions = live.Number("spec", "completions") ?? 1;
        return Verdict.Progressing("Running",
            $"Waiting for Job {live.Name} to complete: {active} pods active, {succeeded} of {completions} completions succeeded.");
    }

    public static HealthAssessment CronJob(LiveObject live) =>
        live.Flag("spec", "suspend")
            ? Verdict.Suspended("Suspended", $"CronJob {live.Name} is suspended; set spec.suspend to false to schedule Jobs again.")
            : Verdict.Healthy("Scheduled", $"CronJob {live.Name} schedules Jobs.");
}
