using System.Text.Json.Nodes;
using Fleet.Engine.Planning;

namespace Fleet.Engine.Tests.Planning;

public sealed class PruneGuardTests
{
    private static JsonObject Live(string? application, string uid = "uid-1") => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "settings",
            ["uid"] = uid,
            ["labels"] = application is null ? new JsonObject() : new JsonObject { [FleetLabels.Application] = application },
        },
    };

    [Fact]
    public void An_object_of_this_application_is_deleted_under_its_uid()
    {
        Assert.Equal(new PruneDecision(PruneAction.Delete, "uid-7", "shop"), PruneGuard.Decide(Live("shop", "uid-7"), "shop"));
    }

    [Fact]
    public void An_absent_object_is_only_forgotten()
    {
        Assert.Equal(PruneAction.Gone, PruneGuard.Decide(null, "shop").Action);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("billing")]
    public void An_object_made_again_by_someone_else_is_left_alone(string? owner)
    {
        var decision = PruneGuard.Decide(Live(owner), "shop");

        Assert.Equal(PruneAction.NotOurs, decision.Action);
        Assert.Null(decision.Uid);
        Assert.Equal(owner, decision.Owner);
    }
}
