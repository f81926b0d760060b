using Fleet.Grains.Targeting;

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
        var selector = new ClusterSelector(new Dictionary<string, string> { ["env"] = "prod" }, []);

        var targets = Targets.Resolve(["staging", "prod-us"], selector, Clusters);

        Assert.Equal(["prod-eu", "prod-us", "staging"], targets);
    }

    [Fact]
    public void Resolve_EmptySelector_SelectsEveryCluster()
    {
        Assert.Equal(["dev", "prod-eu", "prod-us", "staging"], Targets.Resolve([], ClusterSelector.Everything, Clusters));
    }

    [Fact]
    public void Resolve_SelectorMatchingNothing_ReturnsOnlyNamed()
    {
        var selector = new ClusterSelector(new Dictionary<string, string>(), [new LabelSelectorRequirement("region", "In", ["ap"])]);

        Assert.Equal(["dev"], Targets.Resolve(["dev"], selector, Clusters));
    }

    [Fact]
    public void Unregistered_NamesMissingFromRegistry_ReturnsThem()
    {
        Assert.Equal(["ghost", "old"], Targets.Unregistered(["old", "dev", "ghost", "ghost"], Clusters));
    }
}
