namespace Fleet.Grains.Git;

/// <summary>Settings of <see cref="GitMirror"/>.</summary>
public sealed class GitMirrorOptions
{
    /// <summary>
    /// Where bare mirrors (<c>mirrors/</c>) and exported commits (<c>trees/</c>) are kept. Safe to delete while no
    /// silo runs; everything in it is fetched or exported again on demand.
    /// </summary>
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "fleet-git");

    /// <summary>How long one Git operation (listing, fetching, exporting) may take before it fails with reason <c>Timeout</c>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An exported commit unused for this long is deleted (exported again if it is needed again).</summary>
    public TimeSpan ExportIdleTime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many exported commits are kept; beyond it the least recently used go first.</summary>
    public int MaxExports { get; set; } = 64;

    /// <summary>
    /// An export used more recently than this is never deleted, even beyond <see cref="MaxExports"/>: a render may
    /// still be reading it. Longer than a render may take.
    /// </summary>
    public TimeSpan ExportMinimumAge { get; set; } = TimeSpan.FromMinutes(5);
}
