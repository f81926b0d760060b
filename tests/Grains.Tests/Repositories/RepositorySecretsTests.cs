using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Repositories;
using Fleet.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Fleet.Grains.Tests.Repositories;

/// <summary>Repository secrets at rest and webhook checks, on the real 2-silo cluster with its real storage.</summary>
[Collection(FleetClusterCollection.Name)]
public sealed class RepositorySecretsTests(FleetCluster fleet)
{
    [Fact]
    public async Task RegisterAsync_WithPasswordAndWebhookSecret_StoresOnlyCiphertext()
    {
        var name = fleet.UniqueName("secret-repo");
        var repository = fleet.Git.CreateRepository(name);
        repository.WriteFile("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        var commit = repository.Commit("initial");
        var (password, secret) = ("pw-" + Guid.NewGuid().ToString("N"), "hook-" + Guid.NewGuid().ToString("N"));
        var grain = fleet.Grains.GetGrain<IRepositoryGrain>(name);

        var view = await grain.RegisterAsync(new RepositorySpec { Url = repository.Url, Username = "fleet", Password = password, WebhookSecret = secret });
        var stored = await ReadStoredAsync(grain);
        var text = JsonSerializer.Serialize(stored);

        Assert.Equal(commit, view.Revision);
        Assert.True(view.HasCredentials);
        Assert.True(view.HasWebhookSecret);
        Assert.NotNull(stored.Spec);
        Assert.Null(stored.Spec.Password);
        Assert.Null(stored.Spec.WebhookSecret);
        Assert.False(string.IsNullOrEmpty(stored.ProtectedPassword));
        Assert.False(string.IsNullOrEmpty(stored.ProtectedWebhookSecret));
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task VerifyWebhookAsync_RightAndWrongProofs_AcceptsOnlyTheSecret()
    {
        var name = fleet.UniqueName("verify-repo");
        var repository = fleet.Git.CreateRepository(name);
        repository.Commit("initial");
        var secret = "hook-" + Guid.NewGuid().ToString("N");
        var grain = fleet.Grains.GetGrain<IRepositoryGrain>(name);
        await grain.RegisterAsync(new RepositorySpec { Url = repository.Url, WebhookSecret = secret });
        var body = Encoding.UTF8.GetBytes("{\"ref\":\"refs/heads/main\"}");
        string Hmac(string key) => Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));
        var unsecured = fleet.Grains.GetGrain<IRepositoryGrain>(fleet.UniqueName("no-secret"));
        await unsecured.RegisterAsync(new RepositorySpec { Url = repository.Url });

        Assert.True(await grain.VerifyWebhookAsync(new WebhookProof { Kind = WebhookProofKind.HmacSha256, Value = Hmac(secret), Body = body }));
        Assert.False(await grain.VerifyWebhookAsync(new WebhookProof { Kind = WebhookProofKind.HmacSha256, Value = Hmac(secret + "x"), Body = body }));
        Assert.False(await grain.VerifyWebhookAsync(new WebhookProof { Kind = WebhookProofKind.HmacSha256, Value = "not-hex", Body = body }));
        Assert.True(await grain.VerifyWebhookAsync(new WebhookProof { Kind = WebhookProofKind.Token, Value = secret }));
        Assert.False(await grain.VerifyWebhookAsync(new WebhookProof { Kind = WebhookProofKind.Token, Value = secret[..^1] }));
        Assert.False(await unsecured.VerifyWebhookAsync(new WebhookProof { Kind = WebhookProofKind.Token, Value = "" }));
        Assert.False(await unsecured.VerifyWebhookAsync(new WebhookProof { Kind = WebhookProofKind.Token, Value = secret }));
    }

    [Fact]
    public async Task RepositoryIndex_RegisterAndUnregister_FindsByAnySpellingOfTheUrl()
    {
        var name = fleet.UniqueName("index-repo");
        var index = fleet.Grains.RepositoryIndex();
        var path = $"/srv/git/{name}";
        await index.SetAsync(name, $"ssh://git@Git.Example.com:2222{path}.git", "main");

        var found = await index.FindAsync([$"https://git.example.com{path}/", "https://elsewhere.example/x"]);
        var scpLike = await index.FindAsync([$"git@git.example.com:{path.TrimStart('/')}.git"]);
        await index.RemoveAsync(name);
        var gone = await index.FindAsync([$"https://git.example.com{path}"]);

        Assert.Equal(name, Assert.Single(found).Name);
        Assert.Equal("main", found[0].Branch);
        Assert.Equal(name, Assert.Single(scpLike).Name);
        Assert.Empty(gone);
    }

    private async Task<RepositoryState> ReadStoredAsync(IRepositoryGrain grain)
    {
        var silo = Assert.IsType<InProcessSiloHandle>(fleet.Orleans.Primary);
        var storage = silo.SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>("fleet");
        var state = new GrainState<RepositoryState>();
        await storage.ReadStateAsync("repository", grain.GetGrainId(), state);
        return Assert.IsType<RepositoryState>(state.State);
    }
}
