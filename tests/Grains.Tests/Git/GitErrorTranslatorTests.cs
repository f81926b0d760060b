using Fleet.Grains.Git;
using LibGit2Sharp;

namespace Fleet.Grains.Tests.Git;

public sealed class GitErrorTranslatorTests
{
    private static readonly RemoteLocation Location = RemoteLocation.Parse("https://ssl-git.example.com/team/apps.git");

    [Fact]
    public void Translate_TooManyAuthenticationReplays_IsAuthenticationFailedWithoutThePassword()
    {
        var credentials = new GitCredentials("bot", "hunter2-token");

        var error = GitErrorTranslator.Translate(
            new LibGit2SharpException("too many redirects or authentication replays (hunter2-token)"), "fetch", Location, credentials);

        Assert.Equal(GitFailureReasons.AuthenticationFailed, error.Reason);
        Assert.Contains("'bot'", error.Message);
        Assert.Contains(Location.Display, error.Message);
        Assert.DoesNotContain("hunter2-token", error.Message);
    }

    [Fact]
    public void Translate_AuthenticationRequiredWithoutCredentials_SaysNoneAreConfigured()
    {
        var error = GitErrorTranslator.Translate(
            new LibGit2SharpException("authentication required but no callback set"), "ls-remote", Location, credentials: null);

        Assert.Equal(GitFailureReasons.AuthenticationFailed, error.Reason);
        Assert.Contains("none are configured", error.Message);
    }

    [Fact]
    public void Translate_HttpNotFound_IsRepositoryNotFound()
    {
        var error = GitErrorTranslator.Translate(
            new LibGit2SharpException("unexpected http status code: 404"), "fetch", Location, credentials: null);

        Assert.Equal(GitFailureReasons.RepositoryNotFound, error.Reason);
    }

    [Fact]
    public void Translate_UrlContainsKnownPhrase_DoesNotDecideTheReason()
    {
        var error = GitErrorTranslator.Translate(
            new LibGit2SharpException($"something odd happened talking to {Location.Display}"), "fetch", Location, credentials: null);

        Assert.Equal(GitFailureReasons.Failed, error.Reason);
        Assert.Contains("something odd happened", error.Message);
    }

    [Fact]
    public void Translate_UnknownHost_IsUnreachableNamingTheHost()
    {
        var error = GitErrorTranslator.Translate(
            new LibGit2SharpException("failed to resolve address for ssl-git.example.com: Name or service not known"), "fetch",
            Location, credentials: null);

        Assert.Equal(GitFailureReasons.Unreachable, error.Reason);
        Assert.StartsWith($"cannot reach {Location.Display}: host name not found", error.Message);
    }
}
