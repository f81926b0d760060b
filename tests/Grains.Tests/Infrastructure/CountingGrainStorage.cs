using System.Collections.Concurrent;
using Orleans.Storage;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// The test cluster's "fleet" storage: in-memory storage that also counts writes per grain, so tests can prove that
/// a reconcile which finds nothing changed writes no state.
/// </summary>
public sealed class CountingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, int> Writes = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, (GrainId Id, IGrainStorage Store)> Written = new(StringComparer.Ordinal);

    /// <summary>Writes so far by grains whose id contains <paramref name="key"/>.</summary>
    public static int WritesFor(string key) => Writes.Where(w => w.Key.Contains(key, StringComparison.Ordinal)).Sum(w => w.Value);

    /// <summary>Reads back, read-only, what the store holds as <paramref name="stateName"/> of the grain whose id contains <paramref name="key"/>.</summary>
    public static async Task<T?> ReadPersistedAsync<T>(string stateName, string key)
    {
        var (id, store) = Written.First(w => w.Key.Contains(key, StringComparison.Ordinal)).Value;
        var state = new GrainState<T>();
        await store.ReadStateAsync(stateName, id, state);
        return state.State;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Writes.AddOrUpdate(grainId.ToString(), 1, (_, n) => n + 1);
        Written[grainId.ToString()] = (grainId, inner);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
