using Fleet.Grains.Interfaces.Fleet;
using Fleet.Web.Overview;

namespace Fleet.Web.Tests.Logic;

public sealed class FleetGridTests
{
    [Fact]
    public void From_RowsOfTwoApplications_RowsInPageOrderColumnsByNameAndGaps()
    {
        var grid = FleetGrid.From([Row("web", "prod"), Row("web", "dev"), Row("api", "staging")]);

        Assert.Equal(["web", "api"], grid.Applications);
        Assert.Equal(["dev", "prod", "staging"], grid.Clusters);
        Assert.Equal("prod", grid.Cell("web", "prod")!.Cluster);
        Assert.Null(grid.Cell("api", "dev"));
    }

    [Fact]
    public void From_NoRows_IsEmpty()
    {
        var grid = FleetGrid.From([]);

        Assert.Empty(grid.Applications);
        Assert.Empty(grid.Clusters);
    }

    private static InstanceRow Row(string application, string cluster) => new() { Application = application, Cluster = cluster };
}
