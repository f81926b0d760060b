using Fleet.Grains.Git;
using Fleet.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Grains.Tests.Git;

/// <summary>Exported commits are collected when unused or too many, never while a render may be reading them.</summary>
public sealed class ExportedTreesTests : IAsyncLifetime
{
    private readonly string _cacheDirectory = TestDirectories.Create("fleet-exported-trees-test");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private GitServer _server = null!;

    public async Task InitializeAsync() => _server = await GitServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        TestDirectories.DeleteQuietly(_cacheDirectory);
    }

    private GitMirrorOptions Options(int maxExports = 64) => new()
    {
        CacheDirectory = _cacheDirectory,
        MaxExports = maxExports,
        ExportIdleTime = TimeSpan.FromMinutes(30),
        ExportMinimumAge = TimeSpan.FromMinutes(5),
    };

    private string Export(ExportedTrees exports, string repository, string sha)
    {
        var path = exports.PathOf(repository, sha);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "file.yaml"), "a: 1");
        exports.Touch(path);
        return path;
    }

    [Fact]
    public void An_export_unused_for_the_idle_time_is_deleted_and_one_in_use_is_kept()
    {
        var exports = new ExportedTrees(Options(), _time);
        var old = Export(exports, "repo-a", "1111");
        _time.Advance(TimeSpan.FromMinutes(20));
        var recent = Export(exports, "repo-a", "2222");
        _time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(1, exports.Collect());

        Assert.False(Directory.Exists(old));
        Assert.True(File.Exists(Path.Combine(recent, "file.yaml")));
    }

    [Fact]
    public void Beyond_the_cap_the_least_recently_used_go_first_but_not_those_just_used()
    {
        var exports = new ExportedTrees(Options(maxExports: 2), _time);
        var first = Export(exports, "repo-a", "1111");
        var second = Export(exports, "repo-b", "2222");
        var third = Export(exports, "repo-a", "3333");
        _time.Advance(TimeSpan.FromMinutes(6));
        exports.Touch(first);   // used again: now the most recent
        var fourth = Export(exports, "repo-b", "4444");

        Assert.Equal(2, exports.Collect());

        Assert.True(Directory.Exists(first));
        Assert.False(Directory.Exists(second));
        Assert.False(Directory.Exists(third));
        Assert.True(Directory.Exists(fourth));
        // Nothing was left over, not even the renamed folders being deleted.
        Assert.Equal(["repo-a", "repo-b"], Directory.GetDirectories(Path.Combine(_cacheDirectory, "trees")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Nothing_used_within_the_minimum_age_is_deleted_however_many_there_are()
    {
        var exports = new ExportedTrees(Options(maxExports: 1), _time);
        var paths = Enumerable.Range(0, 4).Select(i => Export(exports, "repo-a", $"{i}{i}{i}{i}")).ToList();

        Assert.Equal(0, exports.Collect());

        Assert.All(paths, path => Assert.True(Directory.Exists(path)));
    }

    [Fact]
    public async Task A_collected_commit_is_exported_again_when_it_is_checked_out_again()
    {
        var repository = _server.CreateRepository("apps");
        repository.WriteFile("app/config.yaml", "a: 1");
        var commit = repository.Commit("first");
        var other = _server.CreateRepository("other");
        other.WriteFile("app/config.yaml", "b: 2");
        var otherCommit = other.Commit("first");
        var mirror = new GitMirror(Options());
        var source = new GitSource(repository.Url, repository.Branch, null);

        var exported = await mirror.CheckoutAsync(source, commit, CancellationToken.None);
        var otherExported = await mirror.CheckoutAsync(new GitSource(other.Url, other.Branch, null), otherCommit, CancellationToken.None);
        Directory.Delete(exported, recursive: true);   // as the collector does, after a rename
        var again = await mirror.CheckoutAsync(source, commit, CancellationToken.None);

        Assert.Equal(exported, again);
        Assert.Equal("a: 1", File.ReadAllText(Path.Combine(again, "app", "config.yaml")));
        // Each repository's exports have their own folder: a relative path from one cannot name another's files.
        Assert.NotEqual(Path.GetDirectoryName(exported), Path.GetDirectoryName(otherExported));
    }
}
