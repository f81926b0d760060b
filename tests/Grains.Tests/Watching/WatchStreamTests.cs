using Fleet.Grains.Tests.Applying;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Watching;

public sealed class WatchStreamTests
{
    [Theory]
    [InlineData("ADDED", WatchChangeType.Added)]
    [InlineData("MODIFIED", WatchChangeType.Modified)]
    [InlineData("DELETED", WatchChangeType.Deleted)]
    public void Parse_ObjectEvent_ReturnsChangeAndResourceVersion(string type, WatchChangeType expected)
    {
        var line = """{"type":"TYPE","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"42"}}}""".Replace("TYPE", type, StringComparison.Ordinal);
        var read = WatchStream.Parse(line);

        Assert.Equal(WatchReadKind.Change, read.Kind);
        Assert.Equal(expected, read.Change!.Type);
        Assert.Equal("a", Manifests.Name(read.Change.Object));
        Assert.Null(read.Change.Object!.Parent);
        Assert.Equal("42", read.ResourceVersion);
    }

    [Fact]
    public void Parse_ObjectBeforeTypeAndOtherFields_KeepsTheObjectTextWhole()
    {
        var read = WatchStream.Parse("""  {"object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"7"},"data":{"type":"DELETED"}},"extra":[1,{"x":2}],"type":"MODIFIED"}  """);

        Assert.Equal(WatchReadKind.Change, read.Kind);
        Assert.Equal(WatchChangeType.Modified, read.Change!.Type);
        Assert.Equal("""{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"7"},"data":{"type":"DELETED"}}""", System.Text.Encoding.UTF8.GetString(read.Change.ToUtf8()!));
        Assert.Equal("7", read.ResourceVersion);
    }

    [Fact]
    public void Parse_Bookmark_MovesResourceVersionOnly()
    {
        var read = WatchStream.Parse("""{"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"77"}}}""");

        Assert.Equal(WatchReadKind.Bookmark, read.Kind);
        Assert.Null(read.Change);
        Assert.Equal("77", read.ResourceVersion);
    }

    [Theory]
    [InlineData("""{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}}""", "Expired")]
    [InlineData("""{"type":"ERROR","object":{"kind":"Status","code":500}}""", "Dropped")]
    [InlineData("""{"type":"ADDED","object":{"kind":""", "Dropped")]
    [InlineData("""["ADDED"]""", "Dropped")]
    public void Parse_ErrorOrGarbage_AsksToRelistOrReconnect(string line, string expected)
    {
        Assert.Equal(expected, WatchStream.Parse(line).Kind.ToString());
    }
}
