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
}
