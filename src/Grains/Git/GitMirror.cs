using System.Collections.Concurrent;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace Fleet.Grains.Git;

/// <summary>
/// <see cref="IGitMirror"/> on LibGit2Sharp. Keeps one bare mirror per repository URL under
/// <c>{CacheDirectory}/mirrors/{hash of the URL}.git</c> and exported commits under
/// <c>{CacheDirectory}/trees/{hash of the URL}/{sha}</c>, collected when unused (<see cref="ExportedTrees"/>).
/// libgit2 blocks, so every call runs on the thread pool; operations on one mirror run one at a time (they share its
/// files) while different repositories proceed in parallel. Instances in one process may share a cache folder;
/// separate processes (silos) each need their own.
/// </summary>
public sealed class GitMirror : IGitMirror
{
    /// <summary>The user name sent with a password-only credential (token), as token-based Git hosts expect.</summary>
    internal const string TokenUsername = "x-access-token";

    private const string BranchPrefix = "refs/heads/";

    // Branches and tags land under their own names (not refs/remotes/origin/*, a bare clone's default), so the
    // mirror's refs read exactly like the remote's; '+' accepts force-pushed branches.
    private static readonly string[] FetchRefSpecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

    // Static: two GitMirror instances on one cache folder in one process (two silos of a test cluster, each with its own
    // service provider) must still take turns on a mirror. The key is the mirror's folder.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> MirrorLocks = new();

    private readonly GitMirrorOptions _options;
    private readonly ExportedTrees _exports;

    /// <summary>Creates a mirror that keeps its files under <see cref="GitMirrorOptions.CacheDirectory"/>.</summary>
    /// <param name="options">Cache location and timeout.</param>
    /// <exception cref="ArgumentException">The cache folder is empty or the timeout is not positive.</exception>
    public GitMirror(GitMirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.CacheDirectory))
        {
            throw new ArgumentException("GitMirrorOptions.CacheDirectory is empty; give a writable folder for Git mirrors.", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"GitMirrorOptions.Timeout is {options.Timeout}; give a positive duration such as 00:01:00.", nameof(options));
        }

        _options = options;
        _exports = new ExportedTrees(options);
        _exports.SweepLeftovers();
    }

    /// <inheritdoc />
    public async Task<string> RemoteHeadAsync(GitSource source, CancellationToken cancellationToken)
    {
        var location = Locate(source);
        var credentials = CredentialsHandlerFor(source.Credentials);
        var branches = await RunAsync("ls-remote", source, location, exclusive: false, _ =>
            Repository.ListRemoteReferences(location.Address, credentials)
                .OfType<DirectReference>()
                .Where(reference => reference.CanonicalName.StartsWith(BranchPrefix, StringComparison.Ordinal))
                .ToDictionary(reference => reference.CanonicalName[BranchPrefix.Length..], reference => reference.TargetIdentifier),
            cancellationToken);
        return branches.TryGetValue(BranchName(source), out var sha)
            ? sha
            : throw BranchNotFound(source, location, branches.Keys);
    }

    /// <inheritdoc />
    public Task<string> FetchAsync(GitSource source, CancellationToken cancellationToken)
    {
        var location = Locate(source);
        return RunAsync("fetch", source, location, exclusive: true, token =>
        {
            using var repository = OpenMirror(location);
            Fetch(repository, source, location, token);
            return BranchHead(repository, source, location);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string> ResolveAsync(GitSource source, string revision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        var location = Locate(source);
        return RunAsync("resolve", source, location, exclusive: true, token =>
        {
            using var repository = OpenMirror(location);
            return FindOrFetchCommit(repository, source, location, revision.Trim(), token).Sha;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string> CheckoutAsync(GitSource source, string commitSha, CancellationToken cancellationToken)
    {
        var sha = RequireFullSha(commitSha, nameof(commitSha));
        var location = Locate(source);
        var target = _exports.PathOf(location.Key, sha);
        // Touched before the check: the collector then leaves the folder alone while the caller reads it.
        _exports.Touch(target);
        if (Directory.Exists(target))
        {
            // Exported folders are published by an atomic rename and never change, so no lock is needed to reuse one.
            return Task.FromResult(target);
        }

        return RunAsync("checkout", source, location, exclusive: true, token =>
        {
            using var repository = OpenMirror(location);
            var commit = FindOrFetchCommit(repository, source, location, sha, token);
            CommitExporter.Export(commit, target, token);
            _exports.Touch(target);
            _exports.CollectIfDue();
            return target;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<string?> TreeIdAsync(GitSource source, string commitSha, string path, CancellationToken cancellationToken)
    {
        var sha = RequireFullSha(commitSha, nameof(commitSha));
        ArgumentNullException.ThrowIfNull(path);
        var location = Locate(source);
        var relativePath = NormalizePath(path);
        return RunAsync<string?>("tree lookup", source, location, exclusive: true, token =>
        {
            using var repository = OpenMirror(location);
            var commit = FindOrFetchCommit(repository, source, location, sha, token);
            return relativePath.Length == 0 ? commit.Tree.Sha : commit[relativePath]?.Target.Sha;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GitCommitInfo>> LogAsync(
        GitSource source, string revision, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var location = Locate(source);
        return RunAsync<IReadOnlyList<GitCommitInfo>>("log", source, location, exclusive: true, token =>
        {
            using var repository = OpenMirror(location);
            var tip = FindOrFetchCommit(repository, source, location, revision.Trim(), token);
            var filter = new CommitFilter
            {
                IncludeReachableFrom = tip,
                SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time,
            };
            return repository.Commits.QueryBy(filter)
                .Take(limit)
                .Select(commit => new GitCommitInfo(commit.Sha, commit.Author.Name, commit.Author.When, commit.MessageShort))
                .ToList();
        }, cancellationToken);
    }

    /// <summary>
    /// Runs blocking libgit2 <paramref name="work"/> on the thread pool within the configured timeout and translates its
    /// failures. With <paramref name="exclusive"/>, it first takes the mirror's lock.
    /// </summary>
    private async Task<T> RunAsync<T>(
        string operation, GitSource source, RemoteLocation location, bool exclusive, Func<CancellationToken, T> work,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        var mirrorLock = exclusive ? MirrorLocks.GetOrAdd(MirrorPath(location), _ => new SemaphoreSlim(1, 1)) : null;
        try
        {
            if (mirrorLock is not null)
            {
                await mirrorLock.WaitAsync(deadline.Token);
            }

            // The token is taken now: the work may outlive this method (after a timeout), and with it the token source.
            var token = deadline.Token;
            var running = Task.Run(() => work(token), CancellationToken.None);
            // libgit2 cannot always be interrupted mid-call: the lock is released when the work really ends, not when
            // the caller stops waiting, so a timed-out fetch never overlaps the next operation on the same mirror.
            _ = running.ContinueWith(
                finished =>
                {
                    _ = finished.Exception; // observed here: nobody awaits a call abandoned after a timeout
                    mirrorLock?.Release();
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return await running.WaitAsync(deadline.Token);
        }
        catch (Exception exception) when (
            deadline.IsCancellationRequested && exception is OperationCanceledException or UserCancelledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw GitErrorTranslator.TimedOut(operation, location, _options.Timeout);
        }
        catch (Exception exception) when (exception is LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            throw GitErrorTranslator.Translate(exception, operation, location, source.Credentials);
        }
    }

    private string MirrorPath(RemoteLocation location) =>
        Path.GetFullPath(Path.Combine(_options.CacheDirectory, "mirrors", location.Key + ".git"));

    private Repository OpenMirror(RemoteLocation location)
    {
        var path = MirrorPath(location);
        return new Repository(Repository.IsValid(path) ? path : Repository.Init(path, isBare: true));
    }

    private static void Fetch(Repository repository, GitSource source, RemoteLocation location, CancellationToken cancellationToken)
    {
        var fetchOptions = new FetchOptions
        {
            CredentialsProvider = CredentialsHandlerFor(source.Credentials),
            // Branches deleted on the remote disappear here too, so a removed branch is reported as missing.
            Prune = true,
            TagFetchMode = TagFetchMode.None, // tags come through FetchRefSpecs, all of them
            OnProgress = _ => !cancellationToken.IsCancellationRequested,
            OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
        };
        Commands.Fetch(repository, MirrorRemote(repository, location).Name, FetchRefSpecs, fetchOptions, logMessage: null);
    }

    /// <summary>The mirror's remote, created on first use and kept pointing at the source's URL.</summary>
    private static Remote MirrorRemote(Repository repository, RemoteLocation location)
    {
        // LibGit2Sharp 0.32 cannot fetch from a bare URL (it takes any URL for an invalid remote name), so the mirror
        // keeps a named remote. A URL with a password in it is therefore stored in the mirror's config: prefer
        // GitCredentials, which are never written to disk.
        const string RemoteName = "origin";
        var remote = repository.Network.Remotes[RemoteName];
        if (remote is null)
        {
            return repository.Network.Remotes.Add(RemoteName, location.Address, FetchRefSpecs[0]);
        }

        if (remote.Url != location.Address)
        {
            repository.Network.Remotes.Update(RemoteName, update => update.Url = location.Address);
            return repository.Network.Remotes[RemoteName];
        }

        return remote;
    }

    private static string BranchHead(Repository repository, GitSource source, RemoteLocation location)
    {
        var branch = repository.Refs[BranchPrefix + BranchName(source)];
        return branch?.ResolveToDirectReference()?.TargetIdentifier
            ?? throw BranchNotFound(source, location, repository.Branches.Select(local => local.FriendlyName));
    }

    /// <summary>The commit <paramref name="revision"/> names in the mirror, fetching once when the mirror does not know it.</summary>
    private static Commit FindOrFetchCommit(
        Repository repository, GitSource source, RemoteLocation location, string revision, CancellationToken cancellationToken)
    {
        var commit = RevisionResolver.FindCommit(repository, revision);
        if (commit is not null)
        {
            return commit;
        }

        Fetch(repository, source, location, cancellationToken);
        return RevisionResolver.FindCommit(repository, revision)
            ?? throw new GitException(GitFailureReasons.RevisionNotFound,
                $"revision '{revision}' not found in {location.Display}: no branch, tag or commit matches it, even after " +
                "fetching; check the spelling and that it was pushed");
    }

    private static GitException BranchNotFound(GitSource source, RemoteLocation location, IEnumerable<string> existing)
    {
        var names = existing.Order(StringComparer.Ordinal).Take(10).ToList();
        var hint = names.Count == 0
            ? "the repository has no branches yet (nothing was pushed)"
            : $"its branches include {string.Join(", ", names)}";
        return new GitException(GitFailureReasons.BranchNotFound,
            $"branch '{BranchName(source)}' not found in {location.Display}; {hint}");
    }

    private static RemoteLocation Locate(GitSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrWhiteSpace(source.Branch))
        {
            throw new ArgumentException($"The branch of repository {source.Url} is empty; name one, for example 'main'.", nameof(source));
        }

        return RemoteLocation.Parse(source.Url);
    }

    private static string BranchName(GitSource source)
    {
        var branch = source.Branch.Trim();
        return branch.StartsWith(BranchPrefix, StringComparison.Ordinal) ? branch[BranchPrefix.Length..] : branch;
    }

    private static CredentialsHandler? CredentialsHandlerFor(GitCredentials? credentials) =>
        credentials is null
            ? null
            : (_, usernameFromUrl, _) => new UsernamePasswordCredentials
            {
                Username = credentials.Username ?? usernameFromUrl ?? TokenUsername,
                Password = credentials.Password ?? string.Empty,
            };

    private static string RequireFullSha(string commitSha, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(commitSha, parameterName);
        var sha = commitSha.Trim().ToLowerInvariant();
        // The SHA becomes a folder name: only a full hexadecimal object id is accepted (SHA-1 or SHA-256 repositories).
        if (sha.Length is not (40 or 64) || !sha.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException(
                $"'{commitSha}' is not a full commit SHA; resolve branches, tags and short SHAs with ResolveAsync first.",
                parameterName);
        }

        return sha;
    }

    private static string NormalizePath(string path)
    {
        var normalized = path.Replace('\\', '/').Trim().Trim('/');
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..].TrimStart('/');
        }

        return normalized == "." ? string.Empty : normalized;
    }
}
