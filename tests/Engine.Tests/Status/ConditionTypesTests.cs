using Fleet.Engine.Status;

namespace Fleet.Engine.Tests.Status;

public sealed class ConditionTypesTests
{
    [Theory]
    [InlineData(ConditionTypes.Synced, "True", false)]
    [InlineData(ConditionTypes.Synced, "False", true)]
    [InlineData(ConditionTypes.Healthy, "Unknown", true)]
    [InlineData(ConditionTypes.ClusterReachable, "False", true)]
    [InlineData("Ready", "True", false)]
    [InlineData(ConditionTypes.OutOfSync, "True", true)]
    [InlineData(ConditionTypes.RenderFailed, "True", true)]
    [InlineData(ConditionTypes.RenderFailed, "False", false)]
    [InlineData("Stalled", "True", true)]
    [InlineData(ConditionTypes.Pinned, "True", false)]
    public void IsProblem_PolarityOfEachType_IsRead(string type, string status, bool problem) =>
        Assert.Equal(problem, ConditionTypes.IsProblem(type, status));
}
