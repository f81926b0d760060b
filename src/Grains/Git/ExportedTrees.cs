using System.Collections.Concurrent;

namespace Fleet.Grains.Git;

/// <summary>
/// The exported commits of a Git cache (<c>trees/{repository key}/{sha}</c>) and when each was last used, so that old
/// ones are collected instead of filling the disk with a copy of every commit ever rendered. An export unused for
/// <see cref="GitMirrorOptions.ExportIdleTime"/> is deleted; beyond <see cref="GitMirrorOptions.MaxExports"/> exports,
/// the least recently used go first, but never one used within the last <see cref="GitMirrorOptions.ExportMinimumAge"/>,
/// the time a render may still be reading it. A collected commit is exported again when it is needed again.
/// </summary>
internal sealed class ExportedTrees
{
    // Last use per export folder, shared by every GitMirror of the process on the same cache (two silos of a test
    // cluster): what one of them uses, the other must not delete.
    private static readonly ConcurrentDictionary<string, DateTimeOffset> LastUse = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, DateTimeOffset> LastCollection = new(StringComparer.Ordinal);

    private static readonly TimeSpan CollectionInterval = TimeSpan.FromMinutes(1);

    private readonly GitMirrorOptions _options;
    private readonly TimeProvider _time;
    private readonly string _root;

    public ExportedTrees(GitMirrorOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _root = Path.GetFullPath(Path.Combine(options.CacheDirectory, "trees"));
    }

    /// <summary>
    /// Where <paramref name="sha"/> of the repository <paramref name="repositoryKey"/> is exported. Each repository has
    /// its own folder: what one repository renders can name no other repository's files by a relative path.
    /// </summary>
    public string PathOf(string repositoryKey, string sha) => Path.Combine(_root, repositoryKey, sha);

    /// <summary>Records that <paramref name="path"/> is in use now.</summary>
    public void Touch(string path) => LastUse[path] = _time.GetUtcNow();

    /// <summary>Collects old exports, at most once a minute per cache (a directory listing is not free).</summary>
    public void CollectIfDue()
    {
        var now = _time.GetUtcNow();
        var last = LastCollection.GetOrAdd(_root, DateTimeOffset.MinValue);
        if (now - last < CollectionInterval || !LastCollection.TryUpdate(_root, now, last))
        {
            return;
        }
        Collect();
    }

    /// <summary>Deletes the exports the rules above select; returns how many.</summary>
    public int Collect()
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }
        var now = _time.GetUtcNow();
        var exports = Directory.EnumerateDirectories(_root)
            .Where(repository => !Path.GetFileName(repository).StartsWith('.'))
            .SelectMany(Directory.EnumerateDirectories)
            .Where(export => !Path.GetFileName(export).StartsWith('.'))
            .Select(export => (Path: export, Used: LastUsed(export)))
            .OrderBy(export => export.Used)
            .ToList();
        var collected = 0;
        var remaining = exports.Count;
        foreach (var (path, used) in exports)
        {
            var idle = now - used;
            var expired = idle > _options.ExportIdleTime;
            var overCap = remaining > _options.MaxExports && idle > _options.ExportMinimumAge;
            if (!expired && !overCap)
            {
                continue;
            }
            if (Delete(path))
            {
                collected++;
                remaining--;
            }
        }
        return collected;
    }

    // Exports of an earlier process are not in the map: their folder's time says when they were written.
    private DateTimeOffset LastUsed(string export) =>
        LastUse.TryGetValue(export, out var used) ? used : new DateTimeOffset(Directory.GetLastWriteTimeUtc(export), TimeSpan.Zero);

    // Renamed away first: a reader checks that the folder exists and then reads it, and must never find half of it.
    private bool Delete(string export)
    {
        var doomed = Path.Combine(_root, $".deleting-{Guid.NewGuid():N}");
        try
        {
            Directory.Move(export, doomed);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        LastUse.TryRemove(export, out _);
        try
        {
            Directory.Delete(doomed, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next start's sweep of ".deleting-" folders; the export itself is already gone.
        }
        return true;
    }

    /// <summary>Removes folders a crash left half deleted or half written.</summary>
    public void SweepLeftovers()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }
        foreach (var leftover in Directory.EnumerateDirectories(_root, ".deleting-*"))
        {
            try
            {
                Directory.Delete(leftover, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Tried again at the next start.
            }
        }
    }
}
