using Fleet.Grains.Repositories;

namespace Fleet.Grains.Tests.Repositories;

/// <summary>Remote URL normalisation for webhook matching.</summary>
public sealed class RepositoryUrlTests
{
    [Theory]
    [InlineData("https://github.com/org/repo.git", "github.com/org/repo")]
    [InlineData("https://user:token@GitHub.com/org/repo/", "github.com/org/repo")]
    [InlineData("git@github.com:org/repo.git", "github.com/org/repo")]
    [InlineData("ssh://git@github.com:22/org/repo", "github.com/org/repo")]
    [InlineData("git://github.com/org/repo.git/", "github.com/org/repo")]
    [InlineData("/srv/Git/Repo.git", "/srv/Git/Repo")]
    [InlineData("file:///srv/Git/Repo/", "/srv/Git/Repo")]
    public void Normalize_EquivalentSpellings_GiveOneKey(string url, string expected) =>
        Assert.Equal(expected, RepositoryUrl.Normalize(url));

    [Fact]
    public void Normalize_PathCase_IsKept() =>
        Assert.NotEqual(RepositoryUrl.Normalize("https://gitlab.com/Group/Repo"), RepositoryUrl.Normalize("https://gitlab.com/group/repo"));

    [Fact]
    public void Normalize_Empty_IsNull() => Assert.Null(RepositoryUrl.Normalize("  "));
}
