using Fleet.Simulator.Http;
using Fleet.Simulator.Selectors;

namespace Fleet.Simulator.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["env"] = "prod", ["n"] = "5" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app = web", true)]
    [InlineData("app=db", false)]
    [InlineData("app!=db", true)]
    [InlineData("missing!=x", true)]
    [InlineData("env in (prod, dev)", true)]
    [InlineData("env notin (prod)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app,env", true)]
    [InlineData("!app", false)]
    [InlineData("n>4", true)]
    [InlineData("n<5", false)]
    public void Matches_Expression_AsKubernetes(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Theory]
    [InlineData("env in prod")]
    [InlineData("n>x")]
    [InlineData("a=b,")]
    [InlineData("=b")]
    public void Parse_BadSyntax_Throws400(string selector)
    {
        var error = Assert.Throws<ApiError>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, error.Code);
    }
}
