using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Projects;
using Fleet.Grains.Reconciling;

namespace Fleet.Grains.Tests.Reconciling;

/// <summary>An instance is reconfigured only when what it is asked changes, whatever lists hold the same values.</summary>
public sealed class InstanceSpecsTests
{
    // Each call builds new lists and maps, as a spec read from a request or from storage does.
    private static InstanceSpec Spec(string valueFile = "values-prod.yaml", string destination = "team-*") => new()
    {
        Application = "web",
        Cluster = "prod",
        Source = new ApplicationSpec
        {
            Repository = "platform",
            Path = "charts/web",
            Destination = new Destination { MatchLabels = new Dictionary<string, string> { ["env"] = "prod" }, Namespace = "web" },
            Helm = new HelmSettings { ValueFiles = [valueFile], Values = """{"replicas":2}""" },
        },
        Project = new ProjectSpec { SourceRepositories = ["platform"], Destinations = [new ProjectDestinationSpec { Namespace = destination }] },
    };

    [Fact]
    public void Same_EqualValuesInNewLists_True() => Assert.True(InstanceSpecs.Same(Spec(), Spec()));

    [Fact]
    public void Same_AValueFileChanged_False() => Assert.False(InstanceSpecs.Same(Spec(), Spec(valueFile: "values-eu.yaml")));

    [Fact]
    public void Same_TheProjectChanged_False() => Assert.False(InstanceSpecs.Same(Spec(), Spec(destination: "*")));

    [Fact]
    public void Same_NothingHeldYet_False() => Assert.False(InstanceSpecs.Same(null, Spec()));
}
