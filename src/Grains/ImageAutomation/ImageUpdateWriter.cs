using System.Text;
using Fleet.Grains.Git;
using Fleet.Grains.Interfaces.ImageAutomation;
using LibGit2Sharp;

namespace Fleet.Grains.ImageAutomation;

/// <summary>What one image update run did: the pushed commit and its changes, or nothing when every value was current.</summary>
public sealed record ImageUpdateOutcome(string? Commit, string PushedBranch, IReadOnlyList<ImageChange> Changes, int Attempts);

/// <summary>Settings of <see cref="ImageUpdateWriter"/>.</summary>
public sealed class ImageUpdateWriterOptions
{
    /// <summary>Where working clones are made (and deleted after each run).</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "fleet-image-updates");

    /// <summary>How often a push rejected because the branch moved is tried again on a fresh clone.</summary>
    public int PushAttempts { get; set; } = 3;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Clones a repository's branch into a fresh folder, rewrites the marked values of the YAML files under a path
/// (<see cref="ImageMarkers"/>), commits them with a message listing each change and pushes, never forced. A push the
/// server rejects (the branch moved, a hook or protection refused) is tried again from a fresh clone, so a concurrent
/// commit is rebased on rather than overwritten; after the last attempt the rejection is reported. libgit2 blocks,
/// so the work runs on the thread pool.
/// </summary>
public sealed class ImageUpdateWriter(ImageUpdateWriterOptions options)
{
    public const string PushRejected = "PushRejected";

    /// <summary>Runs one update; throws <see cref="GitException"/> (reason <see cref="PushRejected"/> for a refused push).</summary>
    public async Task<ImageUpdateOutcome> RunAsync(
        GitSource source, ImageUpdateSpec spec, IReadOnlyDictionary<string, MarkerTarget> targets, CancellationToken cancellationToken)
    {
        var location = RemoteLocation.Parse(source.Url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            return await Task.Run(() => Run(source, location, spec, targets, deadline.Token), CancellationToken.None).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw GitErrorTranslator.TimedOut("push", location, options.Timeout);
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            throw GitErrorTranslator.Translate(e, "push", location, source.Credentials);
        }
    }

    private ImageUpdateOutcome Run(GitSource source, RemoteLocation location, ImageUpdateSpec spec, IReadOnlyDictionary<string, MarkerTarget> targets, CancellationToken token)
    {
        var pushTo = spec.PushBranch ?? spec.Branch;
        string? lastRejection = null;
        for (var attempt = 1; attempt <= Math.Max(1, options.PushAttempts); attempt++)
        {
            token.ThrowIfCancellationRequested();
            var folder = Path.Combine(options.WorkDirectory, Guid.NewGuid().ToString("N"));
            try
            {
                var outcome = Attempt(source, location, spec, pushTo, targets, folder, attempt, token, out var rejection);
                if (outcome is not null)
                {
                    return outcome;
                }
                lastRejection = rejection;
            }
            finally
            {
                DeleteQuietly(folder);
            }
        }
        throw new GitException(PushRejected,
            $"{location.Display} rejected the push to {pushTo} {options.PushAttempts} times, each on a fresh clone: {lastRejection}. " +
            "Fleet never forces a push: check branch protection and who else writes to the branch.");
    }

    /// <summary>One clone-rewrite-commit-push; null (with the reason) when the push was rejected.</summary>
    private static ImageUpdateOutcome? Attempt(
        GitSource source, RemoteLocation location, ImageUpdateSpec spec, string pushTo, IReadOnlyDictionary<string, MarkerTarget> targets,
        string folder, int attempt, CancellationToken token, out string? rejection)
    {
        rejection = null;
        var credentials = Credentials(source.Credentials);
        // A review branch that exists already is built on, so its earlier updates stay; else it starts from the branch.
        var baseBranch = spec.PushBranch is { } review && RemoteHasBranch(location, review, credentials) ? review : spec.Branch;
        var cloneOptions = new CloneOptions { BranchName = baseBranch, Checkout = true };
        cloneOptions.FetchOptions.CredentialsProvider = credentials;
        cloneOptions.FetchOptions.OnTransferProgress = _ => !token.IsCancellationRequested;
        Repository.Clone(location.Address, folder, cloneOptions);
        using var repository = new Repository(folder);
        var changes = RewriteFiles(folder, spec.Path, targets);
        if (changes.Count == 0)
        {
            return new ImageUpdateOutcome(null, pushTo, [], attempt);
        }
        foreach (var file in changes.Select(c => c.File).Distinct())
        {
            Commands.Stage(repository, file);
        }
        var now = DateTimeOffset.UtcNow;
        var author = new Signature(spec.Author.Name, spec.Author.Email, now);
        var commit = repository.Commit(CommitMessage(changes), author, author);
        string? serverRejection = null;
        var pushOptions = new PushOptions
        {
            CredentialsProvider = credentials,
            OnPushStatusError = error => serverRejection = $"{error.Reference}: {error.Message}",
        };
        try
        {
            repository.Network.Push(repository.Network.Remotes["origin"], $"refs/heads/{baseBranch}:refs/heads/{pushTo}", pushOptions);
        }
        catch (NonFastForwardException e)
        {
            rejection = e.Message;
            return null;
        }
        catch (LibGit2SharpException e) when (IsRejection(e))
        {
            rejection = e.Message;
            return null;
        }
        if (serverRejection is not null)
        {
            rejection = serverRejection;
            return null;
        }
        return new ImageUpdateOutcome(commit.Sha, pushTo, changes, attempt);
    }

    /// <summary>Rewrites every marked YAML file under <paramref name="path"/>; symbolic links are not followed.</summary>
    internal static List<ImageChange> RewriteFiles(string root, string path, IReadOnlyDictionary<string, MarkerTarget> targets)
    {
        var changes = new List<ImageChange>();
        var start = Path.GetFullPath(Path.Combine(root, path.Trim('/')));
        var rootFull = Path.GetFullPath(root);
        if (!start.StartsWith(rootFull, StringComparison.Ordinal) || !Directory.Exists(start))
        {
            return changes;
        }
        foreach (var file in YamlFiles(start).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
            var text = Encoding.UTF8.GetString(bytes.AsSpan(bom ? 3 : 0));
            var (rewritten, fileChanges) = ImageMarkers.Rewrite(text, targets);
            if (fileChanges.Count == 0)
            {
                continue;
            }
            var relative = Path.GetRelativePath(rootFull, file).Replace('\\', '/');
            var output = Encoding.UTF8.GetBytes(rewritten);
            File.WriteAllBytes(file, bom ? [.. Encoding.UTF8.Preamble, .. output] : output);
            changes.AddRange(fileChanges.Select(c => new ImageChange { File = relative, Policy = c.Marker.Policy, OldValue = c.Marker.Value, NewValue = c.NewValue }));
        }
        return changes;
    }

    /// <summary>"Update images" and one line per change, so the history says what moved where.</summary>
    internal static string CommitMessage(IReadOnlyList<ImageChange> changes)
    {
        var text = new StringBuilder();
        var values = changes.Select(c => c.NewValue).Distinct().ToList();
        text.Append(values.Count == 1 ? $"Update image to {values[0]}" : $"Update {values.Count} images").Append("\n\n");
        foreach (var change in changes)
        {
            text.Append($"- {change.File}: {change.OldValue} -> {change.NewValue} (policy {change.Policy})\n");
        }
        text.Append("\nCommitted by Fleet image automation.\n");
        return text.ToString();
    }

    private static IEnumerable<string> YamlFiles(string folder)
    {
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null || entry.Name == ".git")
                {
                    continue; // a link may point outside the repository
                }
                if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else if (entry.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    private static bool RemoteHasBranch(RemoteLocation location, string branch, LibGit2Sharp.Handlers.CredentialsHandler? credentials) =>
        Repository.ListRemoteReferences(location.Address, credentials).Any(r => r.CanonicalName == "refs/heads/" + branch);

    // libgit2 words a refused update in several ways depending on transport and server.
    private static bool IsRejection(LibGit2SharpException e) =>
        e.Message.Contains("rejected", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("non-fast-forward", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("not present locally", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("fast forward", StringComparison.OrdinalIgnoreCase);

    private static LibGit2Sharp.Handlers.CredentialsHandler? Credentials(GitCredentials? credentials) =>
        credentials is null
            ? null
            : (_, usernameFromUrl, _) => new UsernamePasswordCredentials
            {
                Username = credentials.Username ?? usernameFromUrl ?? GitMirror.TokenUsername,
                Password = credentials.Password ?? string.Empty,
            };

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                // libgit2 writes pack files read-only; clear that so the folder can go.
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
