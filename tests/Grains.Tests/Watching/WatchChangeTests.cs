using System.Text.Json.Nodes;
using System.Text;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Watching;

public sealed class WatchChangeTests
{
    // The same names appear deeper (a pod template's labels) and before the wanted ones, as in a Deployment.
    private static readonly byte[] Deployment = Encoding.UTF8.GetBytes("""
        {"kind":"Deployment","spec":{"template":{"metadata":{"labels":{"app":"inner"}}},"list":[{"metadata":{"labels":{"app":"item"}}}]},
         "metadata":{"name":"web","labels":{"other":"x","app":"outer","count":3},"resourceVersion":"42"}}
        """);


    [Fact]
    public void WatchChange_ReadsLabelsAndTextAlikeFromTextAndFromDocument()
    {
        var fromText = new WatchChange(WatchChangeType.Modified, Deployment);
        var fromDocument = new WatchChange(WatchChangeType.Added, JsonNode.Parse(Deployment)!.AsObject());

        Assert.Equal("outer", fromText.Label("app"));
        Assert.Equal("outer", fromDocument.Label("app"));
        Assert.Null(fromText.Label("count"));
        Assert.Null(fromDocument.Label("count"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(fromText.ToUtf8()!), JsonNode.Parse(fromDocument.ToUtf8()!)));
        Assert.Equal("web", fromText.Object!["metadata"]!["name"]!.GetValue<string>());
    }
}
