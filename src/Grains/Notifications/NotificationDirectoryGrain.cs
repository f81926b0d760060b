using Fleet.Grains.Interfaces.Notifications;

namespace Fleet.Grains.Notifications;

/// <summary>Persisted names of the configured sinks.</summary>
[GenerateSerializer]
public sealed class NotificationDirectoryState
{
    [Id(0)] public SortedSet<string> Names { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The registry of sink names (key "fleet"), so the API can list sinks without scanning storage.</summary>
public sealed class NotificationDirectoryGrain(
    [PersistentState("notification-directory", "fleet")] IPersistentState<NotificationDirectoryState> state) : Grain, INotificationDirectoryGrain
{
    public async Task AddAsync(string name)
    {
        if (state.State.Names.Add(name))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string name)
    {
        if (state.State.Names.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Names]);
}
