using Fleet.Grains.Interfaces.ImageAutomation;

namespace Fleet.Grains.ImageAutomation;

/// <summary>Persisted state of the image automation directory.</summary>
[GenerateSerializer]
public sealed class ImageAutomationDirectoryState
{
    [Id(0)] public SortedSet<string> Repositories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Policy name -> the image repository it uses.</summary>
    [Id(1)] public SortedDictionary<string, string> Policies { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public SortedSet<string> Updates { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The names of image repositories, policies and updates. It calls no grain, so the others update it without a call
/// cycle; reads interleave. Image automation objects number in the tens, so one grain holds them all.
/// </summary>
public sealed class ImageAutomationDirectoryGrain(
    [PersistentState("image-automation-directory", "fleet")] IPersistentState<ImageAutomationDirectoryState> state)
    : Grain, IImageAutomationDirectoryGrain
{
    public Task SetRepositoryAsync(string name) => WriteIf(state.State.Repositories.Add(name));

    public Task RemoveRepositoryAsync(string name) => WriteIf(state.State.Repositories.Remove(name));

    public Task SetPolicyAsync(string name, string imageRepository)
    {
        var changed = !state.State.Policies.TryGetValue(name, out var old) || old != imageRepository;
        state.State.Policies[name] = imageRepository;
        return WriteIf(changed);
    }

    public Task RemovePolicyAsync(string name) => WriteIf(state.State.Policies.Remove(name));

    public Task SetUpdateAsync(string name) => WriteIf(state.State.Updates.Add(name));

    public Task RemoveUpdateAsync(string name) => WriteIf(state.State.Updates.Remove(name));

    public Task<IReadOnlyList<string>> GetRepositoriesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Repositories]);

    public Task<IReadOnlyList<string>> GetPoliciesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Policies.Keys]);

    public Task<IReadOnlyList<string>> GetPoliciesOfAsync(string imageRepository) =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Policies.Where(p => p.Value == imageRepository).Select(p => p.Key)]);

    public Task<IReadOnlyList<string>> GetUpdatesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Updates]);

    private Task WriteIf(bool changed) => changed ? state.WriteStateAsync() : Task.CompletedTask;
}
