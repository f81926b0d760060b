using Fleet.Kubernetes.Selectors;

namespace Fleet.Kubernetes.Tests.Selectors;

public class LabelSelectorParserTests
{
    private static readonly Dictionary<string, string> ProdEu = new() { ["env"] = "prod", ["region"] = "eu", ["replicas"] = "5" };

    private static string Describe(LabelSelector selector) =>
        string.Join(";", selector.MatchExpressions.Select(r => $"{r.Key} {r.Operator} {string.Join("|", r.Values)}".TrimEnd()));

    [Theory]
    [InlineData("env=prod", "env In prod")]
    [InlineData("env==prod", "env In prod")]
    [InlineData("env=", "env In")]
    [InlineData("env=prod,tier!=web", "env In prod;tier NotIn web")]
    [InlineData("region in (eu, us),tier notin (web)", "region In eu|us;tier NotIn web")]
    [InlineData("gpu,!legacy", "gpu Exists;legacy DoesNotExist")]
    [InlineData("example.com/team=core", "example.com/team In core")]
    [InlineData("replicas>3,replicas<10", "replicas Gt 3;replicas Lt 10")]
    [InlineData("", "")]
    [InlineData("  ", "")]
    public void TryParse_ValidSyntax_ReadsEveryRequirement(string text, string expected)
    {
        Assert.True(LabelSelectorParser.TryParse(text, out var selector, out var errors));

        Assert.Empty(errors);
        Assert.Equal(expected, Describe(selector));
    }

    [Theory]
    [InlineData("=prod", "names no label key")]
    [InlineData("env in prod", "key in (a,b)")]
    [InlineData("env in ()", "at least one value")]
    [InlineData("env in (a,,b)", "no empty ones")]
    [InlineData("env=pr od", "label value")]
    [InlineData("env=a=b", "label value")]
    [InlineData("bad key", "key in (a,b)")]
    [InlineData("Example.com/env=x", "invalid prefix")]
    [InlineData("a,,b", "is empty")]
    [InlineData("replicas>many", "whole number")]
    public void TryParse_BadSyntax_NamesTheRequirementAndTheReason(string text, string reason)
    {
        Assert.False(LabelSelectorParser.TryParse(text, out var selector, out var errors));

        Assert.Null(selector);
        var message = Assert.Single(errors);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.StartsWith("requirement \"", message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => LabelSelectorParser.Parse(text));
    }

    [Theory]
    [InlineData("env=prod", true)]
    [InlineData("env!=prod", false)]
    [InlineData("zone!=a", true)]
    [InlineData("region in (eu,us)", true)]
    [InlineData("region notin (eu)", false)]
    [InlineData("zone notin (a)", true)]
    [InlineData("env", true)]
    [InlineData("!env", false)]
    [InlineData("replicas>3", true)]
    [InlineData("replicas>5", false)]
    [InlineData("replicas<6", true)]
    [InlineData("env>1", false)]
    [InlineData("env=prod,region=us", false)]
    [InlineData("env = prod", true)]
    [InlineData("env,region", true)]
    [InlineData("replicas<5", false)]
    public void Matches_ParsedRequirements_FollowKubernetes(string text, bool expected) =>
        Assert.Equal(expected, LabelSelectorParser.Parse(text).Matches(ProdEu));
}
