using System.Text.Json;
using System.Text;
using Fleet.Kubernetes.Json;

namespace Fleet.Kubernetes.Tests.Json;

public sealed class JsonScanTests
{
    // The same names appear deeper (a pod template's labels) and before the wanted ones, as in a Deployment.
    private static readonly byte[] Deployment = Encoding.UTF8.GetBytes("""
        {"kind":"Deployment","spec":{"template":{"metadata":{"labels":{"app":"inner"}}},"list":[{"metadata":{"labels":{"app":"item"}}}]},
         "metadata":{"name":"web","labels":{"other":"x","app":"outer","count":3},"resourceVersion":"42"}}
        """);

    [Fact]
    public void String_FollowsThePathFromTheRootOnly()
    {
        Assert.Equal("outer", JsonScan.String(Deployment, "metadata", "labels", "app"));
        Assert.Equal("42", JsonScan.String(Deployment, "metadata", "resourceVersion"));
        Assert.Equal("inner", JsonScan.String(Deployment, "spec", "template", "metadata", "labels", "app"));
    }

    [Theory]
    [InlineData("metadata", "labels", "missing")]
    [InlineData("metadata", "labels", "count")]
    [InlineData("metadata", "name", "deeper")]
    [InlineData("status", "phase", null)]
    public void String_AbsentOrNotAString_IsNull(string first, string second, string? third)
    {
        string[] path = third is null ? [first, second] : [first, second, third];
        Assert.Null(JsonScan.String(Deployment, path));
    }

    [Fact]
    public void String_BrokenJson_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => JsonScan.String("""{"metadata":{"labels":"""u8, "metadata", "labels", "app"));
    }
}
