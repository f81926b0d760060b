using System.Text.Json.Nodes;
using Fleet.Engine.Status;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Applying;

/// <summary>
/// The cluster connection never sends a path whose name or namespace segment URL resolution would drop or climb,
/// and never takes an answer for another object (a list above all) as the object asked for.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class RequestPathSafetyTests(SimulatorFixture simulator)
{
    private static readonly ResourceMapping Secrets = new("v1", "Secret", "secrets", true);

    [Theory]
    [InlineData("..", ".")]
    [InlineData("shop", "..")]
    [InlineData("shop", ".")]
    [InlineData(".", "db")]
    [InlineData("", "db")]
    public void Object_DotOrEmptySegment_IsRefused(string ns, string name)
    {
        var error = Assert.Throws<KubernetesApiException>(() => ResourcePaths.Object(Secrets, ns, name));

        Assert.Equal(Reasons.InvalidRequestPath, error.Reason);
    }

    [Fact]
    public async Task GetAsync_DotNameInDotDotNamespace_SendsNoListAndFails()
    {
        var (connection, cluster) = simulator.Connect();
        using var _ = connection;

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => connection.GetAsync("v1", "Secret", "..", ".", CancellationToken.None));

        Assert.Equal(Reasons.InvalidRequestPath, error.Reason);
        Assert.Equal(0, cluster.ListRequestCount);
        Assert.Equal(0, cluster.ObjectRequestCount);
    }

    [Fact]
    public async Task ApplyAsync_DotDotName_SendsNothing()
    {
        var (connection, cluster) = simulator.Connect();
        using var _ = connection;
        var manifest = JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"..","namespace":"default"}}""")!.AsObject();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => connection.ApplyAsync(manifest, "fleet", force: true, dryRun: false, CancellationToken.None));

        Assert.Equal(Reasons.InvalidRequestPath, error.Reason);
        Assert.Equal(0, cluster.ObjectRequestCount);
    }

    [Fact]
    public void RequireAnswerFor_ListAnswer_IsRefusedWithKindAndName()
    {
        var list = JsonNode.Parse("""{"apiVersion":"v1","kind":"SecretList","metadata":{},"items":[]}""")!.AsObject();

        var error = Assert.Throws<KubernetesApiException>(() => RequestTargets.RequireAnswerFor(list, Secrets, "shop", "db", "get of Secret \"db\""));

        Assert.Equal(Reasons.UnexpectedAnswer, error.Reason);
        Assert.Contains("SecretList", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Secret", "other", "shop")]
    [InlineData("Secret", "db", "kube-system")]
    [InlineData("ConfigMap", "db", "shop")]
    public void RequireAnswerFor_AnotherObject_IsRefused(string kind, string name, string ns)
    {
        var answer = new JsonObject { ["kind"] = kind, ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns } };

        Assert.Throws<KubernetesApiException>(() => RequestTargets.RequireAnswerFor(answer, Secrets, "shop", "db", "get"));
    }

    [Fact]
    public void RequireAnswerFor_TheObjectAskedFor_IsReturned()
    {
        var answer = new JsonObject { ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "db", ["namespace"] = "shop" } };

        Assert.Same(answer, RequestTargets.RequireAnswerFor(answer, Secrets, "shop", "db", "get"));
    }
}
