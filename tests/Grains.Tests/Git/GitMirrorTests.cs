using System.Net;
using System.Net.Sockets;
using Fleet.Grains.Git;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Git;

public sealed class GitMirrorTests : IAsyncLifetime
{
    private readonly string _cacheDirectory = TestDirectories.Create("fleet-git-mirror-test");
    private GitServer _server = null!;
    private GitMirror _mirror = null!;

    public async Task InitializeAsync()
    {
        _server = await GitServer.StartAsync();
        _mirror = new GitMirror(new GitMirrorOptions { CacheDirectory = _cacheDirectory, Timeout = TimeSpan.FromSeconds(30) });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        TestDirectories.DeleteQuietly(_cacheDirectory);
    }

    [Fact]
    public async Task RemoteHeadAsync_AfterPush_ReturnsPushedCommit()
    {
        var repository = _server.CreateRepository("apps");
        repository.WriteFile("app/config.yaml", "a: 1");
        var pushed = repository.Commit("first");

        var head = await _mirror.RemoteHeadAsync(Source(repository), CancellationToken.None);

        Assert.Equal(pushed, head);
    }

    [Fact]
    public async Task RemoteHeadAsync_NewCommitAfterFetch_DiffersFromFetchedHead()
    {
        var repository = _server.CreateRepository("apps");
        var first = repository.Commit("first");
        var fetched = await _mirror.FetchAsync(Source(repository), CancellationToken.None);

        var second = repository.Commit("second");
        var remoteHead = await _mirror.RemoteHeadAsync(Source(repository), CancellationToken.None);

        Assert.Equal(first, fetched);
        Assert.Equal(second, remoteHead);
        Assert.NotEqual(fetched, remoteHead);
        Assert.Equal(second, await _mirror.FetchAsync(Source(repository), CancellationToken.None));
    }

    [Fact]
    public async Task RemoteHeadAsync_UnknownBranch_ThrowsBranchNotFoundNamingExistingBranches()
    {
        var repository = _server.CreateRepository("apps");
        repository.Commit("first");

        var error = await Assert.ThrowsAsync<GitException>(
            () => _mirror.RemoteHeadAsync(Source(repository) with { Branch = "mian" }, CancellationToken.None));

        Assert.Equal(GitFailureReasons.BranchNotFound, error.Reason);
        Assert.Contains("'mian'", error.Message);
        Assert.Contains("main", error.Message.Replace("'mian'", string.Empty));
    }

    [Fact]
    public async Task FetchAsync_UnknownBranch_ThrowsBranchNotFound()
    {
        var repository = _server.CreateRepository("apps");
        repository.Commit("first");

        var error = await Assert.ThrowsAsync<GitException>(
            () => _mirror.FetchAsync(Source(repository) with { Branch = "release" }, CancellationToken.None));

        Assert.Equal(GitFailureReasons.BranchNotFound, error.Reason);
    }

    [Fact]
    public async Task ResolveAsync_BranchTagAndShortSha_ResolveToTheirCommits()
    {
        var repository = _server.CreateRepository("apps");
        var tagged = repository.Commit("first");
        repository.Tag("v1");
        repository.Tag("v1-annotated", "release one");
        var head = repository.Commit("second");
        var source = Source(repository);

        Assert.Equal(head, await _mirror.ResolveAsync(source, "main", CancellationToken.None));
        Assert.Equal(tagged, await _mirror.ResolveAsync(source, "v1", CancellationToken.None));
        Assert.Equal(tagged, await _mirror.ResolveAsync(source, "v1-annotated", CancellationToken.None));
        Assert.Equal(tagged, await _mirror.ResolveAsync(source, tagged[..8], CancellationToken.None));
        Assert.Equal(head, await _mirror.ResolveAsync(source, head, CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_CommitPushedAfterFetch_FetchesAndResolves()
    {
        var repository = _server.CreateRepository("apps");
        repository.Commit("first");
        await _mirror.FetchAsync(Source(repository), CancellationToken.None);
        var later = repository.Commit("second");

        var resolved = await _mirror.ResolveAsync(Source(repository), later, CancellationToken.None);

        Assert.Equal(later, resolved);
    }

    [Fact]
    public async Task ResolveAsync_UnknownRevision_ThrowsRevisionNotFound()
    {
        var repository = _server.CreateRepository("apps");
        repository.Commit("first");

        var error = await Assert.ThrowsAsync<GitException>(
            () => _mirror.ResolveAsync(Source(repository), "no-such-tag", CancellationToken.None));

        Assert.Equal(GitFailureReasons.RevisionNotFound, error.Reason);
        Assert.Contains("'no-such-tag'", error.Message);
        Assert.Contains(repository.Url, error.Message);
    }

    [Fact]
    public async Task CheckoutAsync_TwoCommits_EachFolderHoldsThatCommitsFiles()
    {
        var repository = _server.CreateRepository("apps");
        repository.WriteFile("guestbook/deployment.yaml", "replicas: 1");
        repository.WriteFile("guestbook/service.yaml", "port: 80");
        var older = repository.Commit("first");
        repository.WriteFile("guestbook/deployment.yaml", "replicas: 3");
        repository.DeleteFile("guestbook/service.yaml");
        var newer = repository.Commit("second");
        var source = Source(repository);

        var newerFolder = await _mirror.CheckoutAsync(source, newer, CancellationToken.None);
        var olderFolder = await _mirror.CheckoutAsync(source, older, CancellationToken.None);

        Assert.Equal("replicas: 3", File.ReadAllText(Path.Combine(newerFolder, "guestbook/deployment.yaml")));
        Assert.False(File.Exists(Path.Combine(newerFolder, "guestbook/service.yaml")));
        Assert.Equal("replicas: 1", File.ReadAllText(Path.Combine(olderFolder, "guestbook/deployment.yaml")));
        Assert.Equal("port: 80", File.ReadAllText(Path.Combine(olderFolder, "guestbook/service.yaml")));
        Assert.False(Directory.Exists(Path.Combine(newerFolder, ".git")));
    }

    [Fact]
    public async Task CheckoutAsync_SameCommitFromManyTasks_AllGetOneCompleteFolder()
    {
        var repository = _server.CreateRepository("apps");
        for (var i = 0; i < 20; i++)
        {
            repository.WriteFile($"apps/app{i}/manifest.yaml", $"index: {i}");
        }

        var sha = repository.Commit("many files");
        var source = Source(repository);

        // Two mirrors on one cache stand for two callers that do not share a lock (for example two silos on one disk).
        var secondMirror = new GitMirror(new GitMirrorOptions { CacheDirectory = _cacheDirectory });
        var folders = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => (i % 2 == 0 ? _mirror : secondMirror).CheckoutAsync(source, sha, CancellationToken.None), CancellationToken.None)));

        Assert.Single(folders.Distinct());
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"index: {i}", File.ReadAllText(Path.Combine(folders[0], $"apps/app{i}/manifest.yaml")));
        }

        var leftovers = Directory.GetDirectories(Path.GetDirectoryName(folders[0])!, ".staging-*");
        Assert.Empty(leftovers);
    }

    [Fact]
    public async Task CheckoutAsync_ExportedFiles_AreReadOnly()
    {
        var repository = _server.CreateRepository("apps");
        repository.WriteFile("app/config.yaml", "a: 1");
        var sha = repository.Commit("first");

        var folder = await _mirror.CheckoutAsync(Source(repository), sha, CancellationToken.None);

        var file = Path.Combine(folder, "app/config.yaml");
        if (OperatingSystem.IsWindows())
        {
            Assert.True(File.GetAttributes(file).HasFlag(FileAttributes.ReadOnly));
        }
        else
        {
            Assert.False(File.GetUnixFileMode(file).HasFlag(UnixFileMode.UserWrite));
        }
    }

    [Fact]
    public async Task CheckoutAsync_BranchNameInsteadOfSha_ThrowsArgumentException()
    {
        var repository = _server.CreateRepository("apps");
        repository.Commit("first");

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _mirror.CheckoutAsync(Source(repository), "main", CancellationToken.None));

        Assert.Contains("ResolveAsync", error.Message);
    }

    [Fact]
    public async Task TreeIdAsync_CommitTouchingAnotherPath_KeepsTheId()
    {
        var repository = _server.CreateRepository("apps");
        repository.WriteFile("guestbook/deployment.yaml", "replicas: 1");
        repository.WriteFile("redis/deployment.yaml", "replicas: 1");
        var first = repository.Commit("first");
        repository.WriteFile("redis/deployment.yaml", "replicas: 2");
        var second = repository.Commit("touch redis only");
        repository.WriteFile("guestbook/deployment.yaml", "replicas: 2");
        var third = repository.Commit("touch guestbook");
        var source = Source(repository);

        var atFirst = await _mirror.TreeIdAsync(source, first, "guestbook", CancellationToken.None);
        var atSecond = await _mirror.TreeIdAsync(source, second, "guestbook/", CancellationToken.None);
        var atThird = await _mirror.TreeIdAsync(source, third, "./guestbook", CancellationToken.None);

        Assert.NotNull(atFirst);
        Assert.Equal(atFirst, atSecond);
        Assert.NotEqual(atSecond, atThird);
    }

    [Fact]
    public async Task TreeIdAsync_FileRootAndMissingPath_ReturnBlobRootAndNull()
    {
        var repository = _server.CreateRepository("apps");
        repository.WriteFile("app/config.yaml", "a: 1");
        var first = repository.Commit("first");
        repository.WriteFile("app/config.yaml", "a: 2");
        var second = repository.Commit("second");
        var source = Source(repository);

        Assert.NotEqual(
            await _mirror.TreeIdAsync(source, first, "app/config.yaml", CancellationToken.None),
            await _mirror.TreeIdAsync(source, second, "app/config.yaml", CancellationToken.None));
        Assert.NotEqual(
            await _mirror.TreeIdAsync(source, first, "", CancellationToken.None),
            await _mirror.TreeIdAsync(source, second, "/", CancellationToken.None));
        Assert.Null(await _mirror.TreeIdAsync(source, first, "no/such/folder", CancellationToken.None));
    }

    [Fact]
    public async Task LogAsync_ThreeCommits_ReturnsNewestFirstWithinLimit()
    {
        var repository = _server.CreateRepository("apps");
        repository.Commit("first");
        var second = repository.Commit("second\n\nwith a body");
        var third = repository.Commit("third");

        var log = await _mirror.LogAsync(Source(repository), "main", limit: 2, CancellationToken.None);

        Assert.Equal([third, second], log.Select(commit => commit.Sha));
        Assert.Equal(["third", "second"], log.Select(commit => commit.Subject));
        Assert.All(log, commit => Assert.Equal("Fleet Test", commit.Author));
        Assert.True(log[0].Time >= log[1].Time);
    }

    [Fact]
    public async Task RemoteHeadAsync_ServerStopped_ThrowsUnreachableWhileFetchedCommitsStillCheckOut()
    {
        var repository = _server.CreateRepository("apps");
        repository.WriteFile("app/config.yaml", "a: 1");
        var sha = repository.Commit("first");
        var source = Source(repository);
        await _mirror.FetchAsync(source, CancellationToken.None);

        await _server.StopAsync();
        var error = await Assert.ThrowsAsync<GitException>(() => _mirror.RemoteHeadAsync(source, CancellationToken.None));
        var fetchError = await Assert.ThrowsAsync<GitException>(() => _mirror.FetchAsync(source, CancellationToken.None));
        var folder = await _mirror.CheckoutAsync(source, sha, CancellationToken.None);

        Assert.Equal(GitFailureReasons.Unreachable, error.Reason);
        Assert.Equal($"cannot reach {repository.Url}: connection refused; check the URL, the network and that the Git server is up", error.Message);
        Assert.Equal(GitFailureReasons.Unreachable, fetchError.Reason);
        Assert.Equal("a: 1", File.ReadAllText(Path.Combine(folder, "app/config.yaml")));

        await _server.RestartAsync();
        Assert.Equal(sha, await _mirror.RemoteHeadAsync(source, CancellationToken.None));
    }

    [Fact]
    public async Task RemoteHeadAsync_UnknownRepository_ThrowsRepositoryNotFound()
    {
        var source = new GitSource($"git://127.0.0.1:{_server.Port}/missing.git", "main", null);

        var error = await Assert.ThrowsAsync<GitException>(() => _mirror.RemoteHeadAsync(source, CancellationToken.None));

        Assert.Equal(GitFailureReasons.RepositoryNotFound, error.Reason);
        Assert.Contains("missing.git", error.Message);
    }

    [Fact]
    public async Task FetchAsync_LocalPathRepository_FetchesAndChecksOut()
    {
        var repository = _server.CreateRepository("local");
        repository.WriteFile("app/config.yaml", "local: true");
        var sha = repository.Commit("first");
        var source = new GitSource(repository.BarePath, "main", null);

        var head = await _mirror.FetchAsync(source, CancellationToken.None);
        var remoteHead = await _mirror.RemoteHeadAsync(source, CancellationToken.None);
        var folder = await _mirror.CheckoutAsync(source, head, CancellationToken.None);

        Assert.Equal(sha, head);
        Assert.Equal(sha, remoteHead);
        Assert.Equal("local: true", File.ReadAllText(Path.Combine(folder, "app/config.yaml")));
    }

    [Fact]
    public async Task FetchAsync_ForcePushedBranch_FollowsTheRemote()
    {
        var repository = _server.CreateRepository("apps");
        var first = repository.Commit("first");
        repository.Commit("second");
        await _mirror.FetchAsync(Source(repository), CancellationToken.None);

        repository.ForcePush(first);
        var head = await _mirror.FetchAsync(Source(repository), CancellationToken.None);

        Assert.Equal(first, head);
    }

    [Fact]
    public async Task FetchAsync_BranchDeletedOnRemote_ThrowsBranchNotFound()
    {
        var repository = _server.CreateRepository("apps");
        repository.Commit("first");
        repository.PushBranch("feature");
        var feature = Source(repository) with { Branch = "feature" };
        await _mirror.FetchAsync(feature, CancellationToken.None);

        repository.DeleteRemoteBranch("feature");
        var error = await Assert.ThrowsAsync<GitException>(() => _mirror.FetchAsync(feature, CancellationToken.None));

        Assert.Equal(GitFailureReasons.BranchNotFound, error.Reason);
    }

    [Fact]
    public async Task RemoteHeadAsync_ServerNeverAnswers_ThrowsTimeout()
    {
        // Accepts connections (the kernel completes them) but never speaks Git.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var impatient = new GitMirror(new GitMirrorOptions { CacheDirectory = _cacheDirectory, Timeout = TimeSpan.FromSeconds(1) });
            var source = new GitSource($"git://127.0.0.1:{port}/silent.git", "main", null);

            var error = await Assert.ThrowsAsync<GitException>(() => impatient.RemoteHeadAsync(source, CancellationToken.None));

            Assert.Equal(GitFailureReasons.Timeout, error.Reason);
            Assert.Contains(source.Url, error.Message);
        }
        finally
        {
            // Closing the listener resets the pending connection, which frees the abandoned libgit2 call.
            silent.Stop();
        }
    }

    [Fact]
    public async Task FetchAsync_CancelledByCaller_ThrowsOperationCanceled()
    {
        var repository = _server.CreateRepository("apps");
        repository.Commit("first");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _mirror.FetchAsync(Source(repository), new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task ResolveAsync_BranchAfterFetch_KeepsFetchedCommitUntilNextFetch()
    {
        var repository = _server.CreateRepository("apps");
        var first = repository.Commit("first");
        await _mirror.FetchAsync(Source(repository), CancellationToken.None);
        var second = repository.Commit("second");

        var beforeFetch = await _mirror.ResolveAsync(Source(repository), "main", CancellationToken.None);
        await _mirror.FetchAsync(Source(repository), CancellationToken.None);
        var afterFetch = await _mirror.ResolveAsync(Source(repository), "main", CancellationToken.None);

        Assert.Equal(first, beforeFetch);
        Assert.Equal(second, afterFetch);
    }

    [Fact]
    public async Task RemoteHeadAsync_LocalPathWithoutRepository_ThrowsUnreachable()
    {
        var source = new GitSource(Path.Combine(_cacheDirectory, "no-such-repository"), "main", null);

        var error = await Assert.ThrowsAsync<GitException>(() => _mirror.RemoteHeadAsync(source, CancellationToken.None));

        Assert.Equal(GitFailureReasons.Unreachable, error.Reason);
        Assert.StartsWith($"cannot reach {source.Url}: no such folder on this machine", error.Message);
    }

    private static GitSource Source(TestRepository repository) => new(repository.Url, repository.Branch, null);
}
