using Fleet.Grains.ImageAutomation;

namespace Fleet.Grains.Tests.ImageAutomation;

/// <summary>WWW-Authenticate challenges and Link pagination as registries send them.</summary>
public sealed class RegistryHeadersTests
{
    [Fact]
    public void ParseChallenges_DockerHubBearer_ReadsRealmServiceScope()
    {
        var challenge = Assert.Single(RegistryHeaders.ParseChallenges(
            """Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull" """));

        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/nginx:pull", challenge.Scope);
    }

    [Fact]
    public void ParseChallenges_SeveralAndQuotedCommas_AreSplitRight()
    {
        var challenges = RegistryHeaders.ParseChallenges(
            """Basic realm="Registry Realm", Bearer realm="https://h/token", scope="repository:a/b:pull,push", error="insufficient \"scope\"" """);

        Assert.Equal(["Basic", "Bearer"], challenges.Select(c => c.Scheme));
        Assert.Equal("Registry Realm", challenges[0].Realm);
        Assert.Equal("repository:a/b:pull,push", challenges[1].Scope);
        Assert.Equal("insufficient \"scope\"", challenges[1].Parameters["error"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ParseChallenges_None_IsEmpty(string? header) => Assert.Empty(RegistryHeaders.ParseChallenges(header));

    [Theory]
    [InlineData("""</v2/team/web/tags/list?last=b&n=2>; rel="next" """, "http://r:5000/v2/team/web/tags/list?last=b&n=2")]
    [InlineData("""<http://other:1/v2/x/tags/list?last=z>; rel=next""", "http://other:1/v2/x/tags/list?last=z")]
    [InlineData("""</first>; rel="prev", </v2/next?last=c>; title="a, b"; rel="next" """, "http://r:5000/v2/next?last=c")]
    public void NextLink_RelNext_ResolvesAgainstTheRequest(string header, string expected) =>
        Assert.Equal(expected, RegistryHeaders.NextLink(header, new Uri("http://r:5000/v2/team/web/tags/list?n=2"))!.ToString());

    [Theory]
    [InlineData(null)]
    [InlineData("""</v2/x?last=a>; rel="prev" """)]
    public void NextLink_LastPage_IsNull(string? header) => Assert.Null(RegistryHeaders.NextLink(header, new Uri("http://r/v2/x")));
}
