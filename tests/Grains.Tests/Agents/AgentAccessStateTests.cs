using Fleet.Grains.Agents;

namespace Fleet.Grains.Tests.Agents;

/// <summary>The rules of an agent cluster's secrets, with explicit times: use once, expiry, renewal overlap.</summary>
public sealed class AgentAccessStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static AgentSecret Secret(string hash, TimeSpan left) => new(new string(hash[0], 64), Now + left);

    private static string Hash(char c) => new(c, 64);

    [Fact]
    public void Exchange_BootstrapWithinItsLifetime_IssuesOnceAndDropsOlderCredentials()
    {
        var state = new AgentAccessState { Current = Secret("c", TimeSpan.FromHours(1)) }.WithBootstrap(Secret("b", TimeSpan.FromHours(1)));

        var first = state.Exchange(bootstrap: true, Hash('b'), Secret("n", TimeSpan.FromHours(24)), Now);
        var second = first!.Exchange(bootstrap: true, Hash('b'), Secret("m", TimeSpan.FromHours(24)), Now);

        Assert.NotNull(first);
        Assert.Null(first.Bootstrap);
        Assert.Equal(Hash('n'), first.Current!.Sha256);
        Assert.Null(first.Previous);
        Assert.False(first.Verify(Hash('c'), Now).Valid);
        Assert.Null(second);
    }

    [Fact]
    public void Exchange_ExpiredBootstrapOrCredential_IsRefused()
    {
        var state = new AgentAccessState { Bootstrap = Secret("b", TimeSpan.FromHours(1)), Current = Secret("c", TimeSpan.FromHours(1)) };
        var later = Now + TimeSpan.FromHours(2);

        Assert.Null(state.Exchange(bootstrap: true, Hash('b'), Secret("n", TimeSpan.FromHours(24)), later));
        Assert.Null(state.Exchange(bootstrap: false, Hash('c'), Secret("n", TimeSpan.FromHours(24)), later));
        Assert.False(state.Verify(Hash('c'), later).Valid);
        Assert.True(state.Verify(Hash('c'), Now).Valid);
    }

    [Fact]
    public void Verify_AfterRenewal_OldWorksUntilTheNewOneIsUsed()
    {
        var renewed = new AgentAccessState { Current = Secret("c", TimeSpan.FromHours(1)) }
            .Exchange(bootstrap: false, Hash('c'), Secret("n", TimeSpan.FromHours(24)), Now)!;

        var (oldValid, unchanged) = renewed.Verify(Hash('c'), Now);
        var (newValid, afterUse) = unchanged.Verify(Hash('n'), Now);

        Assert.True(oldValid);
        Assert.Same(renewed, unchanged);
        Assert.True(newValid);
        Assert.False(afterUse.Verify(Hash('c'), Now).Valid);
        // The bootstrap token is no credential, and the previous credential cannot renew: only the current one can.
        Assert.Null(renewed.Exchange(bootstrap: false, Hash('c'), Secret("x", TimeSpan.FromHours(24)), Now));
    }
}
