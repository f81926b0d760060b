using LibGit2Sharp;

namespace Fleet.Grains.Git;

/// <summary>Finds the commit a revision names in a repository, without touching the network.</summary>
internal static class RevisionResolver
{
    /// <summary>
    /// The commit named by <paramref name="revision"/>, trying in order: a full reference name (<c>refs/...</c>), a
    /// branch, a tag (annotated tags are peeled to their commit), then any Git revision expression (full or short SHA,
    /// <c>main~1</c>). A branch wins over a tag of the same name, because Fleet follows branches. Null when nothing
    /// matches; throws <see cref="GitException"/> when a short SHA matches several objects.
    /// </summary>
    public static Commit? FindCommit(Repository repository, string revision)
    {
        var reference = revision.StartsWith("refs/", StringComparison.Ordinal)
            ? repository.Refs[revision]
            : repository.Refs["refs/heads/" + revision] ?? repository.Refs["refs/tags/" + revision];
        if (reference is not null)
        {
            return PeelToCommit(reference.ResolveToDirectReference()?.Target);
        }

        try
        {
            return PeelToCommit(repository.Lookup(revision));
        }
        catch (AmbiguousSpecificationException)
        {
            throw new GitException(GitFailureReasons.RevisionNotFound,
                $"revision '{revision}' is ambiguous: several objects start with it; give more characters of the SHA");
        }
        catch (Exception exception) when (exception is NotFoundException or InvalidSpecificationException)
        {
            // Not a valid or unique expression in this mirror: the caller may fetch and ask again.
            return null;
        }
    }

    private static Commit? PeelToCommit(GitObject? target)
    {
        try
        {
            return target?.Peel<Commit>();
        }
        catch (PeelException)
        {
            // A tag of a tree or blob names no commit.
            return null;
        }
    }
}
