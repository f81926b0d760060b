namespace Fleet.Grains.Git;

/// <summary>Username and password (or token) for an http(s) remote. Never logged, never in messages.</summary>
public sealed record GitCredentials(string? Username, string? Password);

/// <summary>A remote and the branch Fleet tracks on it: https, http, git://, ssh (system ssh) or a local path.</summary>
public sealed record GitSource(string Url, string Branch, GitCredentials? Credentials);

/// <summary>Where mirrors and checked-out trees live, and how long one Git operation may take.</summary>
public sealed class GitMirrorOptions
{
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "fleet-git");

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A Git failure with a sentence a person can act on and a short machine reason: Unreachable,
/// AuthenticationFailed, BranchNotFound, RevisionNotFound or FetchFailed.
/// </summary>
public sealed class GitException(string reason, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Reason { get; } = reason;
}

/// <summary>One commit, as history and rollback views list it.</summary>
public sealed record GitCommitInfo(string Sha, string Author, DateTimeOffset Time, string Subject);

/// <summary>
/// Fleet's view of Git: cheap remote checks, fetches into a local bare mirror, and read-only trees per commit.
/// Implementations never block the caller's thread.
/// </summary>
public interface IGitMirror
{
    /// <summary>The commit the remote branch points at, from the remote's references only (no objects fetched).</summary>
    Task<string> RemoteHeadAsync(GitSource source, CancellationToken cancellationToken);

    /// <summary>Fetches branches and tags into the mirror; returns the tracked branch's head.</summary>
    Task<string> FetchAsync(GitSource source, CancellationToken cancellationToken);

    /// <summary>A branch, tag, or full or short SHA resolved to a commit SHA (fetching once if unknown).</summary>
    Task<string> ResolveAsync(GitSource source, string revision, CancellationToken cancellationToken);

    /// <summary>A read-only directory with the files of a commit, exported once and reused.</summary>
    Task<string> CheckoutAsync(GitSource source, string commitSha, CancellationToken cancellationToken);

    /// <summary>The Git object id of a path ("." for the root) at a commit; null when the path does not exist.</summary>
    Task<string?> TreeIdAsync(GitSource source, string commitSha, string path, CancellationToken cancellationToken);

    /// <summary>Commits reachable from a revision, newest first.</summary>
    Task<IReadOnlyList<GitCommitInfo>> LogAsync(GitSource source, string revision, int limit, CancellationToken cancellationToken);
}
