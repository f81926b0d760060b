using System.Text.Json.Nodes;
using Fleet.Kubernetes.Selectors;

namespace Fleet.Kubernetes.Tests.Selectors;

public class LabelSelectorTests
{
    private static readonly Dictionary<string, string> ProdEu = new() { ["env"] = "prod", ["region"] = "eu", ["tier"] = "gold" };

    [Fact]
    public void Matches_EmptySelector_MatchesEverything()
    {
        Assert.True(LabelSelector.Everything.Matches(ProdEu));
        Assert.True(LabelSelector.Everything.Matches(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("env", "prod", true)]
    [InlineData("env", "staging", false)]
    [InlineData("zone", "a", false)]
    public void Matches_MatchLabels_RequiresExactValue(string key, string value, bool expected)
    {
        var selector = Selector(new() { [key] = value });

        Assert.Equal(expected, selector.Matches(ProdEu));
    }

    [Theory]
    [InlineData("region", "In", new[] { "eu", "us" }, true)]
    [InlineData("region", "In", new[] { "us" }, false)]
    [InlineData("zone", "In", new[] { "a" }, false)]
    [InlineData("region", "NotIn", new[] { "us" }, true)]
    [InlineData("region", "NotIn", new[] { "eu" }, false)]
    [InlineData("zone", "NotIn", new[] { "a" }, true)]
    [InlineData("tier", "Exists", new string[0], true)]
    [InlineData("zone", "Exists", new string[0], false)]
    [InlineData("zone", "DoesNotExist", new string[0], true)]
    [InlineData("tier", "DoesNotExist", new string[0], false)]
    [InlineData("tier", "exists", new string[0], false)]
    public void Matches_Expression_FollowsOperator(string key, string op, string[] values, bool expected)
    {
        var selector = Selector([], new LabelSelectorRequirement(key, op, values));

        Assert.Equal(expected, selector.Matches(ProdEu));
    }

    [Fact]
    public void Matches_LabelsAndExpressions_AllMustHold()
    {
        var selector = Selector(new() { ["env"] = "prod" }, new LabelSelectorRequirement("region", "In", ["us"]));

        Assert.False(selector.Matches(ProdEu));
        Assert.True(selector.Matches(new Dictionary<string, string> { ["env"] = "prod", ["region"] = "us" }));
    }

    [Fact]
    public void Validate_ValidSelector_NoProblems()
    {
        var selector = Selector(new() { ["fleet.example.com/env"] = "prod", ["tier"] = "" },
            new LabelSelectorRequirement("region", "In", ["eu-west_1", "us.east"]),
            new LabelSelectorRequirement("deprecated", "DoesNotExist", []));

        Assert.Empty(Texts(selector.Validate()));
    }

    [Fact]
    public void Validate_UnknownOperator_NamesFieldAndAllowedOperators()
    {
        var selector = Selector([], new LabelSelectorRequirement("env", "in", ["prod"]));

        Assert.Equal(["matchExpressions[0].operator: must be In, NotIn, Exists or DoesNotExist (got \"in\")"], Texts(selector.Validate()));
    }

    [Fact]
    public void Validate_ValuesNotFittingOperator_NamesTheExpression()
    {
        var selector = Selector([],
            new LabelSelectorRequirement("env", "In", []),
            new LabelSelectorRequirement("region", "Exists", ["eu"]));

        Assert.Equal(
            [
                "matchExpressions[0].values: must list at least one value for operator In",
                "matchExpressions[1].values: must be empty for operator Exists; remove the values",
            ],
            Texts(selector.Validate()));
    }

    [Theory]
    [InlineData("-env", "prod", "matchLabels[\"-env\"]: key \"-env\" has an invalid name")]
    [InlineData("Example.com/env", "prod", "matchLabels[\"Example.com/env\"]: key \"Example.com/env\" has an invalid prefix")]
    [InlineData("env", "prod!", "matchLabels[\"env\"]: value \"prod!\" is not a valid label value")]
    [InlineData("", "prod", "matchLabels[\"\"]: key \"\" has an invalid name")]
    public void Validate_BadLabelSyntax_SaysWhichLabelAndWhy(string key, string value, string expectedStart)
    {
        var problem = Assert.Single(Texts(Selector(new() { [key] = value }).Validate()));

        Assert.StartsWith(expectedStart, problem);
    }

    [Fact]
    public void Validate_ValueTooLong_ReportsExpressionValueIndex()
    {
        var selector = Selector([], new LabelSelectorRequirement("env", "In", ["prod", new string('a', 64)]));

        Assert.StartsWith("matchExpressions[0].values[1]: value", Assert.Single(Texts(selector.Validate())));
    }

    [Fact]
    public void FromJson_StructuredForm_MatchesEveryRequirement()
    {
        var selector = LabelSelector.FromJson(JsonNode.Parse("""
            {"matchLabels":{"app":"web"},
             "matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]},{"key":"canary","operator":"DoesNotExist"}]}
            """)!.AsObject());

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "fe" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "db" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be", ["canary"] = "yes" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["tier"] = "fe" }));
    }

    [Fact]
    public void ToString_StructuredForm_SortsRequirementsByKeyAsKubernetes()
    {
        var selector = Selector(new() { ["app"] = "web" },
            new LabelSelectorRequirement("tier", "In", ["fe", "be"]),
            new LabelSelectorRequirement("canary", "DoesNotExist", []));

        Assert.Equal("app=web,!canary,tier in (be,fe)", selector.ToString());
    }

    [Fact]
    public void LabelsOf_NonStringValues_AreLeftOut()
    {
        var labels = LabelSelector.LabelsOf(JsonNode.Parse("""{"a":"x","b":1}""")!.AsObject());

        Assert.Equal(["a"], labels.Keys);
    }

    private static string[] Texts(IReadOnlyList<SelectorProblem> problems) => [.. problems.Select(p => p.ToString())];

    private static LabelSelector Selector(Dictionary<string, string> labels, params LabelSelectorRequirement[] expressions) =>
        new(labels, expressions);
}
