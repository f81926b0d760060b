using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Silo.Tests.Api;

public sealed class SelectorValidationTests
{
    private static string Describe(IReadOnlyList<LabelRequirement> requirements) =>
        string.Join(";", requirements.Select(r => $"{r.Key} {r.Operator} {string.Join("|", r.Values)}".TrimEnd()));

    [Theory]
    [InlineData("env=prod,tier!=web", "env In prod;tier NotIn web")]
    [InlineData("region in (eu, us),!legacy", "region In eu|us;legacy DoesNotExist")]
    [InlineData("", "")]
    public void Selector_ValidSyntax_ReturnsWireRequirements(string selector, string expected)
    {
        var validation = new RequestValidation();

        var requirements = validation.Selector("selector", selector);

        Assert.True(validation.IsValid);
        Assert.Equal(expected, Describe(requirements));
    }

    [Theory]
    [InlineData("env in prod", "key in (a,b)")]
    [InlineData("env=pr od", "label value")]
    public void Selector_BadSyntax_ErrorOnTheQueryField(string selector, string reason)
    {
        var validation = new RequestValidation();

        Assert.Empty(validation.Selector("selector", selector));

        var message = Assert.Single(validation.Errors["selector"]);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.StartsWith("requirement \"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchExpressions_BadEntries_ErrorPerField()
    {
        var validation = new RequestValidation().MatchExpressions("destination.selector.matchExpressions",
        [
            new LabelRequirement { Key = "env", Operator = "in", Values = ["prod"] },
            new LabelRequirement { Key = "bad key", Operator = LabelRequirement.Exists },
            new LabelRequirement { Key = "tier", Operator = LabelRequirement.NotIn },
        ]);

        Assert.Equal(
            ["destination.selector.matchExpressions[0].operator", "destination.selector.matchExpressions[1].key", "destination.selector.matchExpressions[2].values"],
            validation.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void MatchExpressions_Valid_NoErrors() =>
        Assert.True(new RequestValidation().MatchExpressions("m",
            [new LabelRequirement { Key = "env", Operator = LabelRequirement.In, Values = ["staging", "prod"] }]).IsValid);
}
