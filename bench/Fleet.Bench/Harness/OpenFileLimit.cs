namespace Fleet.Bench.Harness;

/// <summary>
/// The benchmark process's limit on open files (sockets count), read from <c>/proc/self/limits</c>: the simulator's
/// server side of every connection lives in this process, so the limit bounds how many clusters can be connected.
/// </summary>
public static class OpenFileLimit
{
    /// <summary>The soft limit, or null where it cannot be read (not Linux).</summary>
    public static long? Current { get; } = Read();

    /// <summary>True when <paramref name="files"/> open files fit under the limit (or the limit is unknown).</summary>
    public static bool Allows(long files) => Current is not { } limit || files <= limit;

    private static long? Read()
    {
        const string Path = "/proc/self/limits";
        if (!File.Exists(Path))
        {
            return null;
        }
        // "Max open files            20000                20000                files"
        var line = File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, out var value) ? value : null;
    }
}
