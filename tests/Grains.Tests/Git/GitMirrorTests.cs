using Fleet.Grains.Git;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Git;

public sealed class GitMirrorTests : IAsyncLifetime
{
    private GitServer _server = null!;
    private readonly GitMirror _mirror = new(new GitMirrorOptions { CacheDirectory = Directory.CreateTempSubdirectory("fleet-mirror-").FullName });

    public async Task InitializeAsync() => _server = await GitServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private (TestRepository Repository, GitSource Source) NewRepository()
    {
        var repository = _server.CreateRepository("r" + Guid.NewGuid().ToString("N")[..8]);
        return (repository, new GitSource(repository.Url, "main", null));
    }

    [Fact]
    public async Task RemoteHead_AfterPush_IsThePushedCommit()
    {
        var (repository, source) = NewRepository();
        repository.WriteFile("app/a.yaml", "a: 1");
        var first = repository.Commit("first");

        Assert.Equal(first, await _mirror.RemoteHeadAsync(source, CancellationToken.None));
        Assert.Equal(first, await _mirror.FetchAsync(source, CancellationToken.None));

        repository.WriteFile("app/a.yaml", "a: 2");
        var second = repository.Commit("second");

        Assert.Equal(second, await _mirror.RemoteHeadAsync(source, CancellationToken.None));
        Assert.Equal(second, await _mirror.FetchAsync(source, CancellationToken.None));
    }

    [Fact]
    public async Task Resolve_BranchTagAndShortSha_GiveTheCommit()
    {
        var (repository, source) = NewRepository();
        repository.WriteFile("a.txt", "1");
        var first = repository.Commit("first");
        repository.Tag("v1");
        repository.WriteFile("a.txt", "2");
        var second = repository.Commit("second");

        Assert.Equal(second, await _mirror.ResolveAsync(source, "main", CancellationToken.None));
        Assert.Equal(first, await _mirror.ResolveAsync(source, "v1", CancellationToken.None));
        Assert.Equal(first, await _mirror.ResolveAsync(source, first[..10], CancellationToken.None));
        var missing = await Assert.ThrowsAsync<GitException>(() => _mirror.ResolveAsync(source, "no-such-thing", CancellationToken.None));
        Assert.Equal("RevisionNotFound", missing.Reason);
    }

    [Fact]
    public async Task Checkout_EachCommit_HasItsOwnFiles()
    {
        var (repository, source) = NewRepository();
        repository.WriteFile("app/config.yaml", "version: 1");
        var first = repository.Commit("first");
        repository.WriteFile("app/config.yaml", "version: 2");
        repository.WriteFile("app/extra.yaml", "x: 1");
        var second = repository.Commit("second");
        await _mirror.FetchAsync(source, CancellationToken.None);

        var older = await _mirror.CheckoutAsync(source, first, CancellationToken.None);
        var newer = await _mirror.CheckoutAsync(source, second, CancellationToken.None);

        Assert.Equal("version: 1", await File.ReadAllTextAsync(Path.Combine(older, "app/config.yaml")));
        Assert.False(File.Exists(Path.Combine(older, "app/extra.yaml")));
        Assert.Equal("version: 2", await File.ReadAllTextAsync(Path.Combine(newer, "app/config.yaml")));
    }

    [Fact]
    public async Task Checkout_ConcurrentCallers_ShareOneTree()
    {
        var (repository, source) = NewRepository();
        repository.WriteFile("a.txt", "1");
        var commit = repository.Commit("first");
        await _mirror.FetchAsync(source, CancellationToken.None);

        var paths = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _mirror.CheckoutAsync(source, commit, CancellationToken.None)));

        Assert.Single(paths.Distinct());
        Assert.Equal("1", await File.ReadAllTextAsync(Path.Combine(paths[0], "a.txt")));
    }

    [Fact]
    public async Task TreeId_ChangesOnlyWhenThatPathChanges()
    {
        var (repository, source) = NewRepository();
        repository.WriteFile("app/a.yaml", "a: 1");
        repository.WriteFile("other/b.yaml", "b: 1");
        var first = repository.Commit("first");
        repository.WriteFile("other/b.yaml", "b: 2");
        var second = repository.Commit("other only");
        repository.WriteFile("app/a.yaml", "a: 2");
        var third = repository.Commit("app");
        await _mirror.FetchAsync(source, CancellationToken.None);

        var one = await _mirror.TreeIdAsync(source, first, "app", CancellationToken.None);
        var two = await _mirror.TreeIdAsync(source, second, "app", CancellationToken.None);
        var three = await _mirror.TreeIdAsync(source, third, "app", CancellationToken.None);

        Assert.Equal(one, two);
        Assert.NotEqual(two, three);
        Assert.Null(await _mirror.TreeIdAsync(source, third, "missing", CancellationToken.None));
        Assert.NotNull(await _mirror.TreeIdAsync(source, third, ".", CancellationToken.None));
    }

    [Fact]
    public async Task Log_ListsCommitsNewestFirst()
    {
        var (repository, source) = NewRepository();
        repository.WriteFile("a.txt", "1");
        repository.Commit("first");
        repository.WriteFile("a.txt", "2");
        var second = repository.Commit("second");
        await _mirror.FetchAsync(source, CancellationToken.None);

        var log = await _mirror.LogAsync(source, "main", 10, CancellationToken.None);

        Assert.Equal(["second", "first"], log.Select(c => c.Subject).ToArray());
        Assert.Equal(second, log[0].Sha);
    }

    [Fact]
    public async Task ServerDown_RemoteHeadFailsAsUnreachable_FetchedCommitsStillCheckOut()
    {
        await using var server = await GitServer.StartAsync();
        var repository = server.CreateRepository("down");
        repository.WriteFile("a.txt", "1");
        var commit = repository.Commit("first");
        var source = new GitSource(repository.Url, "main", null);
        await _mirror.FetchAsync(source, CancellationToken.None);

        server.Stop();
        var error = await Assert.ThrowsAsync<GitException>(() => _mirror.RemoteHeadAsync(source, CancellationToken.None));
        var tree = await _mirror.CheckoutAsync(source, commit, CancellationToken.None);

        Assert.Equal("Unreachable", error.Reason);
        Assert.Contains(repository.Url, error.Message);
        Assert.True(File.Exists(Path.Combine(tree, "a.txt")));
    }

    [Fact]
    public async Task UnknownBranch_IsReportedByName()
    {
        var (repository, _) = NewRepository();
        repository.WriteFile("a.txt", "1");
        repository.Commit("first");

        var error = await Assert.ThrowsAsync<GitException>(() => _mirror.RemoteHeadAsync(new GitSource(repository.Url, "release", null), CancellationToken.None));

        Assert.Equal("BranchNotFound", error.Reason);
        Assert.Contains("\"release\"", error.Message);
    }
}
