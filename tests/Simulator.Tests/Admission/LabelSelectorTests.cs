using System.Text.Json.Nodes;
using Fleet.Simulator.Admission;

namespace Fleet.Simulator.Tests.Admission;

public class LabelSelectorTests
{
    private static readonly JsonObject Selector = JsonNode.Parse("""
        {"matchLabels":{"app":"web"},
         "matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]},{"key":"canary","operator":"DoesNotExist"}]}
        """)!.AsObject();

    [Theory]
    [InlineData("""{"app":"web","tier":"fe"}""", true)]
    [InlineData("""{"app":"web","tier":"db"}""", false)]
    [InlineData("""{"app":"web","tier":"be","canary":"yes"}""", false)]
    [InlineData("""{"tier":"fe"}""", false)]
    public void Matches_Labels_EvaluatesEveryRequirement(string labels, bool expected) =>
        Assert.Equal(expected, LabelSelectorSpec.Matches(Selector, JsonNode.Parse(labels)!.AsObject()));

    [Fact]
    public void Format_Selector_UsesQueryForm() =>
        Assert.Equal("app=web,tier in (be,fe),!canary", LabelSelectorSpec.Format(Selector));
}
