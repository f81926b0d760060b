using Fleet.Grains.Interfaces.Repositories;

namespace Fleet.Grains.Repositories;

/// <summary>Persisted state of the repository index: name -> (normalised URL, branch).</summary>
[GenerateSerializer]
public sealed class RepositoryIndexState
{
    [Id(0)] public Dictionary<string, RepositoryIndexEntry> Repositories { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One indexed repository.</summary>
[GenerateSerializer]
public sealed class RepositoryIndexEntry
{
    [Id(0)] public required string Url { get; set; }
    [Id(1)] public required string Branch { get; set; }
}

/// <summary>
/// Maps normalised remote URLs to the repositories registered with them, for webhooks. It holds no secrets and
/// calls no grain, so repository grains can update it without a call cycle. Lookups interleave (read only).
/// </summary>
public sealed class RepositoryIndexGrain(
    [PersistentState("repository-index", "fleet")] IPersistentState<RepositoryIndexState> state) : Grain, IRepositoryIndexGrain
{
    private Dictionary<string, List<RepositoryMatch>>? _byUrl;

    public async Task SetAsync(string name, string url, string branch)
    {
        var key = RepositoryUrl.Normalize(url) ?? url;
        if (state.State.Repositories.TryGetValue(name, out var entry) && entry.Url == key && entry.Branch == branch)
        {
            return;
        }
        state.State.Repositories[name] = new RepositoryIndexEntry { Url = key, Branch = branch };
        _byUrl = null;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string name)
    {
        if (state.State.Repositories.Remove(name))
        {
            _byUrl = null;
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<RepositoryMatch>> FindAsync(IReadOnlyList<string> urls)
    {
        var byUrl = _byUrl ??= state.State.Repositories
            .GroupBy(r => r.Value.Url, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => new RepositoryMatch { Name = r.Key, Branch = r.Value.Branch }).ToList(), StringComparer.Ordinal);
        IReadOnlyList<RepositoryMatch> matches = urls
            .Select(RepositoryUrl.Normalize)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .SelectMany(u => byUrl.TryGetValue(u, out var found) ? found : [])
            .DistinctBy(m => m.Name)
            .ToList();
        return Task.FromResult(matches);
    }
}
