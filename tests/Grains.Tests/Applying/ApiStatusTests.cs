using System.Text;
using Fleet.Reconciler.Kubernetes;

namespace Fleet.Grains.Tests.Applying;

public sealed class ApiStatusTests
{
    [Fact]
    public void Read_StatusObject_ReturnsItsReasonAndMessage()
    {
        var body = Encoding.UTF8.GetBytes("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"configmaps \"x\" not found","reason":"NotFound","code":404}""");

        var (reason, message) = ApiStatus.Read(404, body);

        Assert.Equal("NotFound", reason);
        Assert.Equal("configmaps \"x\" not found", message);
    }

    [Fact]
    public void Read_PlainText_UsesTheCodesReasonAndTheText()
    {
        var (reason, message) = ApiStatus.Read(404, Encoding.UTF8.GetBytes("404 page not found\n"));

        Assert.Equal("NotFound", reason);
        Assert.Equal("404 page not found", message);
    }

    [Fact]
    public void Read_LongHtmlPage_IsShortened()
    {
        var (_, message) = ApiStatus.Read(502, Encoding.UTF8.GetBytes("<html>" + new string('x', 5000) + "</html>"));

        Assert.True(message.Length <= 301, $"message has {message.Length} characters");
    }

    [Fact]
    public void IsNamespaceTerminating_ForbiddenBecauseNamespaceIsGoing_IsTrue()
    {
        var body = Encoding.UTF8.GetBytes("""{"kind":"Status","code":403,"reason":"Forbidden","details":{"causes":[{"reason":"NamespaceTerminating"}]}}""");

        Assert.True(ApiStatus.IsNamespaceTerminating(body));
        Assert.False(ApiStatus.IsNamespaceTerminating(Encoding.UTF8.GetBytes("""{"kind":"Status","code":403,"reason":"Forbidden"}""")));
    }
}
