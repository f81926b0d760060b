namespace Fleet.Grains.Runtime;

/// <summary>Reminder helpers shared by the grains that stop their durable heartbeat when they are removed.</summary>
public static class ReminderExtensions
{
    /// <summary>Unregisters the reminder if the grain has it.</summary>
    public static async Task ForgetReminderAsync(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
