using Fleet.Grains.Interfaces.Projects;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Projects;

[Collection(FleetClusterCollection.Name)]
public sealed class ProjectGrainTests(FleetCluster fleet)
{
    private static readonly ProjectSpec Shop = new()
    {
        SourceRepositories = ["shop-*"],
        Destinations = [new ProjectDestinationSpec { Cluster = "*", Namespace = "shop-*" }],
    };

    [Fact]
    public async Task Default_ExistsWithoutBeingMadeAndCannotBeDeleted()
    {
        var project = fleet.Grains.GetGrain<IProjectGrain>("default");

        var view = await project.GetAsync();
        var deletion = await project.DeleteAsync();

        Assert.NotNull(view);
        Assert.True(view.BuiltIn);
        Assert.Equal(["*"], view.Spec.SourceRepositories);
        Assert.Equal(ProjectDeletion.BuiltIn, deletion);
    }

    [Fact]
    public async Task Delete_WhileAnApplicationIsAttached_InUseUntilDetached()
    {
        var project = fleet.Grains.GetGrain<IProjectGrain>(fleet.UniqueName("p"));
        await project.PutAsync(Shop);
        var rules = await project.AttachAsync("shop-web");

        var inUse = await project.DeleteAsync();
        await project.DetachAsync("shop-web");
        var deleted = await project.DeleteAsync();
        var again = await project.DeleteAsync();

        Assert.Equal(["shop-*"], rules!.SourceRepositories);
        Assert.Equal(ProjectDeletion.InUse, inUse);
        Assert.Equal(ProjectDeletion.Deleted, deleted);
        Assert.Equal(ProjectDeletion.NotFound, again);
        Assert.Null(await project.GetAsync());
    }

    [Fact]
    public async Task Attach_ToAProjectThatDoesNotExist_ReturnsNoRulesUntilItIsMade()
    {
        var project = fleet.Grains.GetGrain<IProjectGrain>(fleet.UniqueName("p"));

        var before = await project.AttachAsync("someone");
        var deletion = await project.DeleteAsync();
        var made = await project.PutAsync(Shop);

        Assert.Null(before);
        Assert.Equal(ProjectDeletion.NotFound, deletion);
        Assert.Equal(["someone"], made.Applications);
    }
}
