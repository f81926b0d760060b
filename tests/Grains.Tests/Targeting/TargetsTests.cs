using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Targeting;
using Fleet.Kubernetes.Selectors;

namespace Fleet.Grains.Tests.Targeting;

public class TargetsTests
{
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Clusters = new()
    {
        ["prod-eu"] = new Dictionary<string, string> { ["env"] = "prod", ["region"] = "eu" },
        ["prod-us"] = new Dictionary<string, string> { ["env"] = "prod", ["region"] = "us" },
        ["staging"] = new Dictionary<string, string> { ["env"] = "staging" },
        ["dev"] = new Dictionary<string, string>(),
    };

    [Fact]
    public void Resolve_NamedOnly_ReturnsRegisteredNamesSortedAndDistinct()
    {
        var targets = Targets.Resolve(["staging", "dev", "ghost", "dev"], null, Clusters);

        Assert.Equal(["dev", "staging"], targets);
    }

    [Fact]
    public void Resolve_SelectorAndNames_ReturnsUnionSorted()
    {
        var selector = new LabelSelector(new Dictionary<string, string> { ["env"] = "prod" }, []);

        var targets = Targets.Resolve(["staging", "prod-us"], selector, Clusters);

        Assert.Equal(["prod-eu", "prod-us", "staging"], targets);
    }

    [Fact]
    public void Resolve_EmptySelector_SelectsEveryCluster()
    {
        Assert.Equal(["dev", "prod-eu", "prod-us", "staging"], Targets.Resolve([], LabelSelector.Everything, Clusters));
    }

    [Fact]
    public void Resolve_SelectorMatchingNothing_ReturnsOnlyNamed()
    {
        var selector = new LabelSelector(new Dictionary<string, string>(), [new LabelSelectorRequirement("region", "In", ["ap"])]);

        Assert.Equal(["dev"], Targets.Resolve(["dev"], selector, Clusters));
    }

    [Fact]
    public void Resolve_DestinationWithMatchExpressions_SelectsExactlyTheMatchingClusters()
    {
        var destination = new Destination
        {
            MatchExpressions = [new LabelRequirement { Key = "env", Operator = LabelRequirement.In, Values = ["staging", "prod"] },
                new LabelRequirement { Key = "region", Operator = LabelRequirement.NotIn, Values = ["us"] }],
        };

        Assert.Equal(["prod-eu", "staging"], Targets.Resolve(destination, Clusters));
    }

    [Fact]
    public void Resolve_DestinationWithLabelsAndExpressions_BothMustHold()
    {
        var destination = new Destination
        {
            Clusters = ["dev"],
            MatchLabels = new Dictionary<string, string> { ["env"] = "prod" },
            MatchExpressions = [new LabelRequirement { Key = "region", Operator = LabelRequirement.Exists }],
        };

        Assert.Equal(["dev", "prod-eu", "prod-us"], Targets.Resolve(destination, Clusters));
    }

    [Fact]
    public void SelectorOf_DestinationWithoutSelector_IsNull() =>
        Assert.Null(Targets.SelectorOf(new Destination { Clusters = ["dev"] }));

    [Fact]
    public void Unregistered_NamesMissingFromRegistry_ReturnsThem()
    {
        Assert.Equal(["ghost", "old"], Targets.Unregistered(["old", "dev", "ghost", "ghost"], Clusters));
    }
}
