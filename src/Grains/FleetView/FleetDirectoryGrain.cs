using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Grains.FleetView;

/// <summary>Persisted directory of registered names.</summary>
[GenerateSerializer]
public sealed class FleetDirectoryState
{
    [Id(0)] public Dictionary<string, Dictionary<string, string>> Clusters { get; set; } = [];
    [Id(1)] public SortedSet<string> Applications { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public SortedSet<string> Repositories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The spec of each application, so that lists and the instance index answer without asking them.</summary>
    [Id(3)] public Dictionary<string, ApplicationSpec> ApplicationSpecs { get; set; } = new(StringComparer.Ordinal);

    [Id(4)] public SortedSet<string> Projects { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The registry of names (key "fleet"). A cluster that appears, goes or changes labels makes every application
/// re-resolve its targets; that fan-out is one-way so registration never waits on reconciles.
/// </summary>
public sealed class FleetDirectoryGrain(
    [PersistentState("directory", "fleet")] IPersistentState<FleetDirectoryState> state) : Grain, IFleetDirectoryGrain
{
    public async Task SetClusterAsync(string name, IReadOnlyDictionary<string, string> labels)
    {
        if (state.State.Clusters.TryGetValue(name, out var existing) && existing.Count == labels.Count
            && existing.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value))
        {
            return;
        }
        state.State.Clusters[name] = new Dictionary<string, string>(labels);
        await state.WriteStateAsync();
        NotifyApplications();
    }

    public async Task RemoveClusterAsync(string name)
    {
        if (state.State.Clusters.Remove(name))
        {
            await state.WriteStateAsync();
            NotifyApplications();
        }
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetClustersAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>(
            state.State.Clusters.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(c.Value)));

    public async Task AddApplicationAsync(string name)
    {
        if (state.State.Applications.Add(name))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveApplicationAsync(string name)
    {
        var removed = state.State.Applications.Remove(name);
        if (state.State.ApplicationSpecs.Remove(name) || removed)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task SetApplicationAsync(string name, ApplicationSpec spec)
    {
        var added = state.State.Applications.Add(name);
        if (added || !state.State.ApplicationSpecs.TryGetValue(name, out var existing) || existing != spec)
        {
            state.State.ApplicationSpecs[name] = spec;
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<ApplicationEntry>> GetApplicationEntriesAsync() =>
        Task.FromResult<IReadOnlyList<ApplicationEntry>>(
            [.. state.State.Applications.Select(a => new ApplicationEntry(a, state.State.ApplicationSpecs.GetValueOrDefault(a)))]);

    public Task<ApplicationSpec?> GetApplicationSpecAsync(string name) => Task.FromResult(state.State.ApplicationSpecs.GetValueOrDefault(name));

    public Task<IReadOnlyList<string>> GetApplicationsAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Applications]);

    public Task AddRepositoryAsync(string name) => WriteIfChangedAsync(state.State.Repositories.Add(name));

    public Task RemoveRepositoryAsync(string name) => WriteIfChangedAsync(state.State.Repositories.Remove(name));

    public Task<IReadOnlyList<string>> GetRepositoriesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Repositories]);

    public Task AddProjectAsync(string name) => WriteIfChangedAsync(state.State.Projects.Add(name));

    public Task RemoveProjectAsync(string name) => WriteIfChangedAsync(state.State.Projects.Remove(name));

    public Task<IReadOnlyList<string>> GetProjectsAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Projects]);

    // Registration repeats itself (a repository or project PUT again): only a change is written.
    private Task WriteIfChangedAsync(bool changed) => changed ? state.WriteStateAsync() : Task.CompletedTask;

    private void NotifyApplications()
    {
        foreach (var application in state.State.Applications)
        {
            // Fire and forget: each application re-resolves its targets on its own turn.
            _ = GrainFactory.GetGrain<IApplicationGrain>(application).OnClustersChangedAsync();
        }
    }
}
