using Fleet.Api.Validation;

namespace Fleet.Silo.Tests.Api;

public sealed class RequestValidationTests
{
    [Theory]
    [InlineData("prod", true)]
    [InlineData("eu-west-1", true)]
    [InlineData("Prod", false)]
    [InlineData("-prod", false)]
    [InlineData("prod_1", false)]
    [InlineData("", false)]
    public void Name_Rfc1123Label_AcceptsOnlyLabels(string name, bool valid)
    {
        var validation = new RequestValidation().Name("name", name);

        Assert.Equal(valid, validation.IsValid);
        if (!valid)
        {
            Assert.Contains("RFC 1123", Assert.Single(validation.Errors["name"]));
        }
    }

    [Fact]
    public void Name_LongerThan63_IsRejected()
    {
        Assert.False(new RequestValidation().Name("name", new string('a', 64)).IsValid);
        Assert.True(new RequestValidation().Name("name", new string('a', 63)).IsValid);
    }

    [Theory]
    [InlineData("https://10.0.0.1:6443", true)]
    [InlineData("http://127.0.0.1:6443/clusters/dev", true)]
    [InlineData("ftp://example.com", false)]
    [InlineData("not a url", false)]
    [InlineData(null, false)]
    public void Url_RequiresAbsoluteHttpUrl(string? url, bool valid)
    {
        Assert.Equal(valid, new RequestValidation().Url("server", url, "https", "http").IsValid);
    }

    [Theory]
    [InlineData("env", "prod", true)]
    [InlineData("example.com/tier", "web", true)]
    [InlineData("env", "", true)]
    [InlineData("bad key", "x", false)]
    [InlineData("env", "not valid!", false)]
    [InlineData("Example.com/x", "y", false)]
    public void Labels_KubernetesSyntax_IsEnforced(string key, string value, bool valid)
    {
        var validation = new RequestValidation().Labels("labels", new Dictionary<string, string> { [key] = value });

        Assert.Equal(valid, validation.IsValid);
        if (!valid)
        {
            Assert.True(validation.Errors.ContainsKey($"labels.{key}"));
        }
    }

    [Fact]
    public void Errors_SeveralFields_AreAllReported()
    {
        var validation = new RequestValidation().Name("name", "Bad").Required("path", "").Url("server", "x", "https");

        Assert.Equal(["name", "path", "server"], validation.Errors.Keys.Order().ToArray());
    }
}
