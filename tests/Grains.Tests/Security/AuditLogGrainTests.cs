using Fleet.Grains.Interfaces.Security;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Security;

/// <summary>The audit log grain's queries on a real cluster; each test uses a log key of its own.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class AuditLogGrainTests(FleetCluster fleet)
{
    private static AuditEntry Entry(DateTimeOffset time, string who, AuditOutcome outcome) => new()
    {
        Time = time, Who = who, Role = "operator", Method = "POST", Path = "/api/v1/x", Status = 200, Outcome = outcome,
    };

    [Fact]
    public async Task QueryAsync_Filters_NewestFirstWithinLimit()
    {
        var log = fleet.Grains.GetGrain<IAuditLogGrain>(fleet.UniqueName("audit"));
        var t0 = DateTimeOffset.UtcNow;
        await log.AppendAsync([Entry(t0, "ann", AuditOutcome.Succeeded), Entry(t0.AddSeconds(1), "bob", AuditOutcome.Denied)]);
        await log.AppendAsync([Entry(t0.AddSeconds(2), "ann", AuditOutcome.Failed), Entry(t0.AddSeconds(3), "ann", AuditOutcome.Succeeded)]);

        var ann = await log.QueryAsync(new AuditQuery { Who = "ann" });
        var denied = await log.QueryAsync(new AuditQuery { Outcome = AuditOutcome.Denied });
        var recent = await log.QueryAsync(new AuditQuery { Since = t0.AddSeconds(2) });
        var one = await log.QueryAsync(new AuditQuery { Limit = 1 });

        Assert.Equal([t0.AddSeconds(3), t0.AddSeconds(2), t0], ann.Select(e => e.Time));
        Assert.Equal("bob", Assert.Single(denied).Who);
        Assert.Equal(2, recent.Count);
        Assert.Equal(t0.AddSeconds(3), Assert.Single(one).Time);
    }
}
