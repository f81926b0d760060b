using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace Fleet.Grains.Git;

/// <summary>
/// <see cref="IGitMirror"/> on LibGit2Sharp. LibGit2Sharp is synchronous, so every operation runs on the thread
/// pool; operations on one mirror are serialized while different repositories proceed in parallel. Each remote URL
/// gets a bare mirror under the cache directory; each commit's files are exported once to a read-only tree.
/// </summary>
public sealed class GitMirror(GitMirrorOptions options) : IGitMirror
{
    // Our own refspecs: a bare clone's default would update refs/remotes/origin/* and leave refs/heads stale.
    private static readonly string[] RefSpecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public Task<string> RemoteHeadAsync(GitSource source, CancellationToken cancellationToken) =>
        RunAsync(source, cancellationToken, _ =>
        {
            var references = Guard(source, () => Repository.ListRemoteReferences(source.Url, Credentials(source)).ToList());
            var branch = references.FirstOrDefault(r => r.CanonicalName == $"refs/heads/{source.Branch}")
                ?? throw new GitException("BranchNotFound", $"branch \"{source.Branch}\" does not exist in {Display(source)}");
            return branch.TargetIdentifier;
        }, needsMirror: false);

    public Task<string> FetchAsync(GitSource source, CancellationToken cancellationToken) =>
        RunAsync(source, cancellationToken, repository =>
        {
            Fetch(source, repository);
            return repository.Branches[source.Branch]?.Tip?.Sha
                ?? throw new GitException("BranchNotFound", $"branch \"{source.Branch}\" does not exist in {Display(source)}");
        });

    public Task<string> ResolveAsync(GitSource source, string revision, CancellationToken cancellationToken) =>
        RunAsync(source, cancellationToken, repository =>
        {
            if (Lookup(repository, revision) is { } known)
            {
                return known.Sha;
            }
            Fetch(source, repository);
            return Lookup(repository, revision)?.Sha
                ?? throw new GitException("RevisionNotFound", $"revision \"{revision}\" is not a branch, tag or commit of {Display(source)}");
        });

    public Task<string> CheckoutAsync(GitSource source, string commitSha, CancellationToken cancellationToken) =>
        RunAsync(source, cancellationToken, repository =>
        {
            var target = Path.Combine(options.CacheDirectory, "trees", commitSha);
            if (Directory.Exists(target))
            {
                return target;
            }
            var commit = CommitOrFetch(source, repository, commitSha);
            var staging = target + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            Export(repository, commit.Tree, staging);
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another silo process exported it first: theirs is identical.
                Directory.Delete(staging, recursive: true);
            }
            return target;
        });

    public Task<string?> TreeIdAsync(GitSource source, string commitSha, string path, CancellationToken cancellationToken) =>
        RunAsync(source, cancellationToken, repository =>
        {
            var commit = CommitOrFetch(source, repository, commitSha);
            var normalized = path.Replace('\\', '/').Trim('/');
            if (normalized is "" or ".")
            {
                return commit.Tree.Sha;
            }
            return commit[normalized]?.Target.Sha;
        });

    public Task<IReadOnlyList<GitCommitInfo>> LogAsync(GitSource source, string revision, int limit, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<GitCommitInfo>>(source, cancellationToken, repository =>
        {
            var start = Lookup(repository, revision)
                ?? throw new GitException("RevisionNotFound", $"revision \"{revision}\" is not a branch, tag or commit of {Display(source)}");
            return [.. repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = start, SortBy = CommitSortStrategies.Time })
                .Take(limit)
                .Select(c => new GitCommitInfo(c.Sha, c.Author.Name, c.Author.When, c.MessageShort))];
        });

    private async Task<T> RunAsync<T>(GitSource source, CancellationToken cancellationToken, Func<Repository, T> operation, bool needsMirror = true)
    {
        var gate = _locks.GetOrAdd(source.Url, _ => new SemaphoreSlim(1, 1));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        await gate.WaitAsync(timeout.Token);
        try
        {
            return await Task.Run(() =>
            {
                if (!needsMirror)
                {
                    return operation(null!);
                }
                using var repository = OpenMirror(source);
                return operation(repository);
            }, timeout.Token);
        }
        finally
        {
            gate.Release();
        }
    }

    private Repository OpenMirror(GitSource source)
    {
        var path = Path.Combine(options.CacheDirectory, "mirrors", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Url)))[..24] + ".git");
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Repository.Init(path, isBare: true);
        }
        var repository = new Repository(path);
        if (repository.Network.Remotes["origin"] is not { } origin || origin.Url != source.Url)
        {
            if (repository.Network.Remotes["origin"] is not null)
            {
                repository.Network.Remotes.Remove("origin");
            }
            repository.Network.Remotes.Add("origin", source.Url);
        }
        return repository;
    }

    private static void Fetch(GitSource source, Repository repository) =>
        Guard(source, () =>
        {
            Commands.Fetch(repository, "origin", RefSpecs, new FetchOptions { CredentialsProvider = Credentials(source), TagFetchMode = TagFetchMode.All, Prune = true }, null);
            return true;
        });

    private static Commit CommitOrFetch(GitSource source, Repository repository, string commitSha)
    {
        if (repository.Lookup<Commit>(commitSha) is { } commit)
        {
            return commit;
        }
        Fetch(source, repository);
        return repository.Lookup<Commit>(commitSha)
            ?? throw new GitException("RevisionNotFound", $"commit {commitSha} is not in {Display(source)}");
    }

    private static Commit? Lookup(Repository repository, string revision)
    {
        try
        {
            return repository.Lookup(revision)?.Peel<Commit>();
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }

    // Writes a tree's files; symbolic links stay links (the renderer refuses those leading outside), submodules are skipped.
    private static void Export(Repository repository, Tree tree, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var entry in tree)
        {
            var path = Path.Combine(directory, entry.Name);
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    Export(repository, (Tree)entry.Target, path);
                    break;
                case TreeEntryTargetType.Blob when entry.Mode == Mode.SymbolicLink:
                    File.CreateSymbolicLink(path, ((Blob)entry.Target).GetContentText());
                    break;
                case TreeEntryTargetType.Blob:
                    using (var content = ((Blob)entry.Target).GetContentStream())
                    using (var file = File.Create(path))
                    {
                        content.CopyTo(file);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private static CredentialsHandler? Credentials(GitSource source) =>
        source.Credentials is { } credentials
            ? (_, _, _) => new UsernamePasswordCredentials { Username = credentials.Username ?? "git", Password = credentials.Password ?? "" }
            : null;

    // LibGit2Sharp reports every failure as one exception type: sort them into reasons a person can act on.
    private static T Guard<T>(GitSource source, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (LibGit2SharpException e)
        {
            var text = e.Message;
            var reason = text.Contains("authentication", StringComparison.OrdinalIgnoreCase) || text.Contains("401", StringComparison.Ordinal) || text.Contains("403", StringComparison.Ordinal)
                ? "AuthenticationFailed"
                : text.Contains("connect", StringComparison.OrdinalIgnoreCase) || text.Contains("resolve", StringComparison.OrdinalIgnoreCase)
                  || text.Contains("refused", StringComparison.OrdinalIgnoreCase) || text.Contains("timed out", StringComparison.OrdinalIgnoreCase)
                  || text.Contains("unreachable", StringComparison.OrdinalIgnoreCase) || text.Contains("early EOF", StringComparison.OrdinalIgnoreCase)
                    ? "Unreachable"
                    : "FetchFailed";
            var advice = reason switch
            {
                "AuthenticationFailed" => "check the repository's username and password or token",
                "Unreachable" => "check that the Git server is up and reachable from Fleet",
                _ => "check the URL and that it is a Git repository",
            };
            throw new GitException(reason, $"cannot read {Display(source)}: {text.TrimEnd('.')}; {advice}.", e);
        }
    }

    // The URL as shown to people: without any user information, which could hold a token.
    private static string Display(GitSource source) =>
        Uri.TryCreate(source.Url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? source.Url.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal)
            : source.Url;
}
