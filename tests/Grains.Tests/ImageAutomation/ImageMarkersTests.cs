using Fleet.Grains.ImageAutomation;

namespace Fleet.Grains.Tests.ImageAutomation;

/// <summary>Flux's image policy markers: found on the line they mark, rewritten byte for byte.</summary>
public sealed class ImageMarkersTests
{
    private static readonly Dictionary<string, MarkerTarget> Targets = new()
    {
        ["web"] = new MarkerTarget("registry.example.com/team/web", "1.1.0"),
        ["api"] = new MarkerTarget("registry.example.com/team/api", "2.0.1"),
    };

    [Theory]
    [InlineData("""image: registry.example.com/team/web:1.0.0 # {"$imagepolicy": "web"}""", """image: registry.example.com/team/web:1.1.0 # {"$imagepolicy": "web"}""")]
    [InlineData("""  - image: "registry.example.com/team/web:1.0.0" # {"$imagepolicy": "web"}""", """  - image: "registry.example.com/team/web:1.1.0" # {"$imagepolicy": "web"}""")]
    [InlineData("""    tag: '1.0.0'   #{"$imagepolicy":"web:tag"}""", """    tag: '1.1.0'   #{"$imagepolicy":"web:tag"}""")]
    [InlineData("""    repository: old/name # {"$imagepolicy": "web:name"}""", """    repository: registry.example.com/team/web # {"$imagepolicy": "web:name"}""")]
    [InlineData("""  - web:1.0.0 # {"$imagepolicy": "flux-system:web"}""", """  - registry.example.com/team/web:1.1.0 # {"$imagepolicy": "flux-system:web"}""")]
    [InlineData("""  newTag: 1.0.0 # {"$imagepolicy": "flux-system:web:tag"}""", """  newTag: 1.1.0 # {"$imagepolicy": "flux-system:web:tag"}""")]
    public void Rewrite_MarkedValue_ChangesOnlyTheValue(string line, string expected)
    {
        var (text, changes) = ImageMarkers.Rewrite(line, Targets);

        Assert.Equal(expected, text);
        Assert.Single(changes);
    }

    [Fact]
    public void Rewrite_WholeFile_KeepsEveryOtherByte()
    {
        const string file = "# deployment of web\r\napiVersion: apps/v1\r\nkind: Deployment\r\nspec:\r\n  template:\r\n    spec:\r\n" +
            "      containers:\r\n      - name: web   # the front end\r\n        image: registry.example.com/team/web:1.0.0 # {\"$imagepolicy\": \"web\"}\r\n" +
            "      - name: api\r\n        image: 'registry.example.com/team/api:2.0.0'    # {\"$imagepolicy\": \"api\"}\r\n" +
            "      - name: sidecar\r\n        image: busybox:1.36 # not a marker\r\n        args: [\"--x\", 'y']\r\n";
        var (text, changes) = ImageMarkers.Rewrite(file, Targets);

        var expected = file.Replace("web:1.0.0", "web:1.1.0", StringComparison.Ordinal).Replace("api:2.0.0", "api:2.0.1", StringComparison.Ordinal);
        Assert.Equal(expected, text);
        Assert.Equal(["registry.example.com/team/web:1.0.0", "registry.example.com/team/api:2.0.0"], changes.Select(c => c.Marker.Value));
        Assert.Equal([9, 11], changes.Select(c => c.Marker.Line));
    }

    [Fact]
    public void Rewrite_ValueCurrent_ReturnsTheSameTextAndNoChange()
    {
        const string line = """image: registry.example.com/team/web:1.1.0 # {"$imagepolicy": "web"}""";
        var (text, changes) = ImageMarkers.Rewrite(line, Targets);

        Assert.Same(line, text);
        Assert.Empty(changes);
    }

    [Theory]
    [InlineData("""image: web:1.0.0 # {"$imagepolicy": "other"}""")] // a policy without a latest tag
    [InlineData("""# {"$imagepolicy": "web"}""")] // nothing to mark
    [InlineData("""image: [web] # {"$imagepolicy": "web"}""")] // not a scalar
    [InlineData("""image: web:1.0.0 # a comment {"$imagepolicy": "web"} that goes on""")] // not at the end
    public void Rewrite_NothingRewritable_LeavesTheText(string line) => Assert.Equal(line, ImageMarkers.Rewrite(line, Targets).Text);

    [Theory]
    [InlineData("web", "web", MarkerField.Reference)]
    [InlineData("web:tag", "web", MarkerField.Tag)]
    [InlineData("web:name", "web", MarkerField.Name)]
    [InlineData("flux-system:web", "web", MarkerField.Reference)]
    [InlineData("flux-system:web:tag", "web", MarkerField.Tag)]
    public void ParsePolicy_FluxSpellings_ReadNameAndField(string text, string policy, MarkerField field) =>
        Assert.Equal((policy, field), ImageMarkers.ParsePolicy(text));

    [Fact]
    public void ParsePolicy_TooManyParts_IsNull() => Assert.Null(ImageMarkers.ParsePolicy("a:b:c:tag"));
}
