using Fleet.Grains.Git;

namespace Fleet.Grains.Tests.Git;

public sealed class RemoteLocationTests
{
    [Fact]
    public void Parse_UrlWithPassword_DisplaysItWithoutUserInfo()
    {
        var location = RemoteLocation.Parse("https://bot:s3cret@git.example.com/team/apps.git");

        Assert.Equal("https://git.example.com/team/apps.git", location.Display);
        Assert.Equal("https://bot:s3cret@git.example.com/team/apps.git", location.Address);
    }

    [Fact]
    public void Parse_SameRepositoryWithDifferentCredentials_SharesOneKey()
    {
        var anonymous = RemoteLocation.Parse("https://git.example.com/team/apps.git");
        var withToken = RemoteLocation.Parse("https://bot:token@git.example.com/team/apps.git");
        var other = RemoteLocation.Parse("https://git.example.com/team/infra.git");

        Assert.Equal(anonymous.Key, withToken.Key);
        Assert.NotEqual(anonymous.Key, other.Key);
        Assert.Matches("^[0-9a-f]{32}$", anonymous.Key);
    }

    [Fact]
    public void Parse_ScpLikeSshAddress_KeepsItAsGiven()
    {
        var location = RemoteLocation.Parse("git@github.com:team/apps.git");

        Assert.Equal("git@github.com:team/apps.git", location.Address);
        Assert.Equal("git@github.com:team/apps.git", location.Display);
    }

    [Fact]
    public void Parse_RelativeLocalPath_BecomesAbsolute()
    {
        var location = RemoteLocation.Parse("repos/apps.git");

        Assert.True(Path.IsPathRooted(location.Address));
        Assert.EndsWith(Path.Combine("repos", "apps.git"), location.Address);
    }

    [Fact]
    public void Parse_EmptyUrl_ThrowsArgumentExceptionSayingWhatToGive()
    {
        var error = Assert.Throws<ArgumentException>(() => RemoteLocation.Parse(" "));

        Assert.Contains("https://", error.Message);
    }

    [Fact]
    public void Redact_MessageWithUrlAndPassword_HidesBoth()
    {
        var location = RemoteLocation.Parse("https://bot:s3cret@git.example.com/apps.git");

        var redacted = location.Redact(
            "failed for https://bot:s3cret@git.example.com/apps.git (token s3cret)", new GitCredentials("bot", "s3cret"));

        Assert.DoesNotContain("s3cret", redacted);
        Assert.Contains("https://git.example.com/apps.git", redacted);
    }
}
