namespace Fleet.Grains.Git;

/// <summary>
/// Local bare mirrors of Git repositories: asks remotes for their branch heads, fetches, resolves revisions and
/// exports commits as plain folders for rendering. Every method may throw <see cref="GitException"/>. Thread-safe;
/// methods never block the caller's thread.
/// </summary>
public interface IGitMirror
{
    /// <summary>
    /// The commit SHA the remote branch points at now, read from the remote's references without fetching objects
    /// (a cheap "anything new?" check). Throws <see cref="GitFailureReasons.BranchNotFound"/> when the branch is missing.
    /// </summary>
    Task<string> RemoteHeadAsync(GitSource source, CancellationToken cancellationToken);

    /// <summary>Fetches every branch and tag of the repository into its local mirror and returns the SHA of the source's branch.</summary>
    Task<string> FetchAsync(GitSource source, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves a branch name, tag, full or abbreviated SHA (or any other Git revision expression) to a commit SHA as
    /// last fetched, fetching once if the mirror does not know it yet. Branches are not refreshed when already known:
    /// call <see cref="FetchAsync"/> for that. Unknown revisions throw <see cref="GitFailureReasons.RevisionNotFound"/>.
    /// </summary>
    Task<string> ResolveAsync(GitSource source, string revision, CancellationToken cancellationToken);

    /// <summary>
    /// A folder holding the files of <paramref name="commitSha"/>, exported once and shared by every caller afterwards.
    /// Treat it as read-only (its files are marked so). Fetches once if the commit is not in the mirror yet.
    /// </summary>
    Task<string> CheckoutAsync(GitSource source, string commitSha, CancellationToken cancellationToken);

    /// <summary>
    /// The Git object id of <paramref name="path"/> at <paramref name="commitSha"/>: a tree id for a folder, a blob id for
    /// a file, the root tree for "" or "/". It changes exactly when content under the path changes, so it keys render
    /// caches. Null when the path does not exist at that commit.
    /// </summary>
    Task<string?> TreeIdAsync(GitSource source, string commitSha, string path, CancellationToken cancellationToken);

    /// <summary>The commits reachable from <paramref name="revision"/>, newest first, at most <paramref name="limit"/> (like <c>git log</c>).</summary>
    Task<IReadOnlyList<GitCommitInfo>> LogAsync(GitSource source, string revision, int limit, CancellationToken cancellationToken);
}
