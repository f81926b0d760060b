using Fleet.Grains.Interfaces.Security;
using Fleet.Grains.Security;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.Security;

/// <summary>The token registry on a real 2-silo cluster; each test uses a registry key of its own.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class TokenRegistryGrainTests(FleetCluster fleet)
{
    [Fact]
    public async Task BootstrapAdminAsync_ConcurrentCallers_OnlyOneGetsAToken()
    {
        var key = fleet.UniqueName("tokens");
        var registry = fleet.Grains.GetGrain<ITokenRegistryGrain>(key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => registry.BootstrapAdminAsync()));
        var later = await registry.BootstrapAdminAsync();

        var token = Assert.Single(answers, a => a is not null)!;
        Assert.Null(later);
        Assert.StartsWith(ApiTokens.Prefix, token);
        var record = await registry.FindAsync(ApiTokens.Hash(token));
        Assert.Equal(("admin", TokenRegistryGrain.BootstrapName), (record?.Role, record?.Name));
    }

    [Fact]
    public async Task CreateAsync_Token_StoresOnlyItsHash()
    {
        var key = fleet.UniqueName("tokens");
        var registry = fleet.Grains.GetGrain<ITokenRegistryGrain>(key);

        var issued = await registry.CreateAsync("ci", "operator", "tester", null);
        var duplicate = await registry.CreateAsync("ci", "viewer", "tester", null);
        var persisted = await CountingGrainStorage.ReadPersistedAsync<TokenRegistryState>("tokens", key);

        Assert.NotNull(issued);
        Assert.Null(duplicate);
        var stored = Assert.Single(persisted!.Tokens);
        Assert.Equal(ApiTokens.Hash(issued.Token), stored.Sha256);
        Assert.DoesNotContain(persisted.Tokens, t => t.Sha256.Contains(issued.Token, StringComparison.Ordinal) || t.Name == issued.Token);
    }

    [Fact]
    public async Task RevokeAsync_Token_IsNoLongerFound()
    {
        var registry = fleet.Grains.GetGrain<ITokenRegistryGrain>(fleet.UniqueName("tokens"));
        var issued = (await registry.CreateAsync("gone", "viewer", "tester", null))!;

        var revoked = await registry.RevokeAsync(issued.Record.Id);
        var again = await registry.RevokeAsync(issued.Record.Id);

        Assert.Equal(issued.Record.Id, revoked?.Id);
        Assert.Null(again);
        Assert.Null(await registry.FindAsync(ApiTokens.Hash(issued.Token)));
    }

    [Fact]
    public async Task FindAsync_ExpiredToken_ReturnsNull()
    {
        var registry = fleet.Grains.GetGrain<ITokenRegistryGrain>(fleet.UniqueName("tokens"));

        var issued = (await registry.CreateAsync("old", "viewer", "tester", DateTimeOffset.UtcNow.AddSeconds(-1)))!;

        Assert.Null(await registry.FindAsync(ApiTokens.Hash(issued.Token)));
    }
}
