using System.Collections.Concurrent;

namespace Fleet.Reconciler.Runtime;

/// <summary>
/// One copy per process of text that thousands of instances hold alike: an application's name, the message of a sync
/// at one revision. Each would otherwise keep its own copy (names come out of grain keys and watch events as new
/// strings every time), which at ten thousand instances was a few hundred bytes each.
/// </summary>
/// <remarks>
/// Bounded: when the table is full it starts over, which only costs duplicates until it fills again. Unlike
/// <see cref="string.Intern"/>, nothing is kept for the life of the process.
/// </remarks>
// Public: the grains (instance names, event text) and the Kubernetes access here (discovery) share one table.
public static class SharedText
{
    private const int Capacity = 16_384;
    private static readonly ConcurrentDictionary<string, string> Table = new(StringComparer.Ordinal);

    public static string Of(string text)
    {
        if (Table.TryGetValue(text, out var shared))
        {
            return shared;
        }
        if (Table.Count >= Capacity)
        {
            Table.Clear();
        }
        return Table.GetOrAdd(text, text);
    }
}
