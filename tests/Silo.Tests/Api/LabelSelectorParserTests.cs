using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Silo.Tests.Api;

public sealed class LabelSelectorParserTests
{
    private static string Describe(IReadOnlyList<LabelRequirement> requirements) =>
        string.Join(";", requirements.Select(r => $"{r.Key} {r.Operator} {string.Join("|", r.Values)}".TrimEnd()));

    [Theory]
    [InlineData("env=prod", "env In prod")]
    [InlineData("env==prod", "env In prod")]
    [InlineData("env=prod,tier!=web", "env In prod;tier NotIn web")]
    [InlineData("region in (eu, us),tier notin (web)", "region In eu|us;tier NotIn web")]
    [InlineData("gpu,!legacy", "gpu Exists;legacy DoesNotExist")]
    [InlineData("example.com/team=core", "example.com/team In core")]
    [InlineData("", "")]
    public void Selector_ValidSyntax_ParsesEveryRequirement(string selector, string expected)
    {
        var validation = new RequestValidation();

        var requirements = validation.Selector("selector", selector);

        Assert.True(validation.IsValid);
        Assert.Equal(expected, Describe(requirements));
    }

    [Theory]
    [InlineData("=prod", "names no label key")]
    [InlineData("env in prod", "key in (a,b)")]
    [InlineData("env in ()", "at least one value")]
    [InlineData("env=pr od", "label value")]
    [InlineData("a,,b", "is empty")]
    public void Selector_BadSyntax_NamesTheRequirementAndTheReason(string selector, string reason)
    {
        var validation = new RequestValidation();

        validation.Selector("selector", selector);

        var message = Assert.Single(validation.Errors["selector"]);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.StartsWith("requirement \"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_EveryRequirement_MustHold()
    {
        var requirements = new RequestValidation().Selector("selector", "env=prod,tier!=web,!legacy");

        Assert.True(LabelMatching.Matches(requirements, new Dictionary<string, string> { ["env"] = "prod" }));
        Assert.False(LabelMatching.Matches(requirements, new Dictionary<string, string> { ["env"] = "prod", ["tier"] = "web" }));
        Assert.False(LabelMatching.Matches(requirements, new Dictionary<string, string> { ["env"] = "prod", ["legacy"] = "yes" }));
        Assert.False(LabelMatching.Matches(requirements, new Dictionary<string, string> { ["env"] = "dev" }));
    }
}
