using Fleet.Grains.Rendering;

namespace Fleet.Grains.Tests.Rendering;

public class ClusterTemplateTests
{
    private static readonly ClusterVariables Cluster = new("prod-eu", new Dictionary<string, string>
    {
        ["env"] = "prod",
        ["topology.kubernetes.io/region"] = "eu-west",
    });

    [Fact]
    public void Substitute_NameAndLabels_ReplacesThem()
    {
        var result = ClusterTemplate.Substitute("{{cluster.name}} {{ cluster.labels.env }} {{\tcluster.labels.topology.kubernetes.io/region}}", Cluster);

        Assert.True(result.Succeeded);
        Assert.Equal("prod-eu prod eu-west", result.Text);
        Assert.Equal(3, result.Substitutions);
    }

    [Fact]
    public void Substitute_MissingLabel_ReturnsErrorNamingVariableAndLine()
    {
        var result = ClusterTemplate.Substitute("a: 1\nb: {{cluster.labels.tier}}\n", Cluster);

        var error = Assert.Single(result.Errors);
        Assert.Equal("cluster.labels.tier", error.Variable);
        Assert.Equal(2, error.Line);
        Assert.Contains("tier", error.Message, StringComparison.Ordinal);
        Assert.Contains("prod-eu", error.Message, StringComparison.Ordinal);
        Assert.Contains("{{cluster.labels.tier}}", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitute_UnknownVariable_ReturnsErrorListingTheKnownOnes()
    {
        var result = ClusterTemplate.Substitute("{{ cluster.region }}", Cluster);

        var error = Assert.Single(result.Errors);
        Assert.Equal("cluster.region", error.Variable);
        Assert.Contains("{{cluster.name}}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitute_OtherDoubleBraces_LeavesThemAlone()
    {
        const string AlertRule = "summary: '{{ $labels.instance }} is down ({{ .Value }})'";

        var result = ClusterTemplate.Substitute(AlertRule, Cluster);

        Assert.True(result.Succeeded);
        Assert.Equal(AlertRule, result.Text);
    }

    [Theory]
    [InlineData("overlays/{{cluster.labels.env}}", true)]
    [InlineData("name: {{ cluster.name }}", true)]
    [InlineData("summary: '{{ $labels.instance }}'", false)]
    [InlineData("plain: text", false)]
    public void UsesClusterVariables_Text_DetectsVariables(string text, bool expected)
    {
        Assert.Equal(expected, ClusterTemplate.UsesClusterVariables(text));
    }
}
