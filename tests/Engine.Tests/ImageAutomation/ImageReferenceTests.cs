using Fleet.Engine.ImageAutomation;

namespace Fleet.Engine.Tests.ImageAutomation;

/// <summary>Image names to registry host and repository path, by Docker's rules.</summary>
public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("registry.example.com/team/web", "registry.example.com", "team/web")]
    [InlineData("127.0.0.1:5000/team/web", "127.0.0.1:5000", "team/web")]
    [InlineData("localhost/web", "localhost", "web")]
    [InlineData("ghcr.io/org/app", "ghcr.io", "org/app")]
    [InlineData("nginx", "registry-1.docker.io", "library/nginx")]
    [InlineData("bitnami/redis", "registry-1.docker.io", "bitnami/redis")]
    [InlineData("docker.io/nginx", "registry-1.docker.io", "library/nginx")]
    public void TryParse_Names_FindRegistryAndPath(string image, string registry, string repository) =>
        Assert.Equal(new ImageReference(registry, repository), ImageReference.TryParse(image));

    [Theory]
    [InlineData("")]
    [InlineData("web:1.0.0")]
    [InlineData("registry.example.com/team/web:1.0")]
    [InlineData("web@sha256:abc")]
    [InlineData("Team/Web")]
    [InlineData("https://registry.example.com/web")]
    [InlineData("registry.example.com/")]
    public void TryParse_NotAnImageName_IsNull(string image) => Assert.Null(ImageReference.TryParse(image));

    [Fact]
    public void TagsUrl_Insecure_UsesHttpAndPageSize() =>
        Assert.Equal("http://127.0.0.1:5000/v2/team/web/tags/list?n=2",
            ImageReference.TryParse("127.0.0.1:5000/team/web")!.TagsUrl(insecure: true, pageSize: 2).ToString());

    [Theory]
    [InlineData("^main-[a-f0-9]+-(?P<ts>[0-9]+)", "$ts", "main-abc123-1700000000", "1700000000")]
    [InlineData("^v(?<version>.*)$", "${version}", "v1.2.3", "1.2.3")]
    [InlineData("^build-([0-9]+)$", "$1", "build-42", "42")]
    public void TagPattern_GoSyntax_ExtractsTheGroup(string pattern, string extract, string tag, string expected) =>
        Assert.Equal(expected, TagPattern.Compile(pattern).Match(tag).Result(TagPattern.Substitution(extract)));

    [Fact]
    public void TagPattern_Invalid_SaysWhy() => Assert.NotNull(TagPattern.Problem("^(unclosed"));
}
