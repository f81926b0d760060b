using Fleet.Engine.ImageAutomation;
using Fleet.Grains.ImageAutomation;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests.ImageAutomation;

/// <summary>One real registry for the class, with team/web pushed at five tags.</summary>
public sealed class SeededRegistry : IAsyncLifetime
{
    public static readonly string[] Tags = ["1.0.0", "1.1.0", "1.2.0-rc.1", "1.2.0", "2.0.0"];

    public OciRegistry Registry { get; } = new();

    public async Task InitializeAsync()
    {
        await Registry.InitializeAsync();
        foreach (var tag in Tags)
        {
            await Registry.PushAsync("team/web", tag);
        }
    }

    public Task DisposeAsync() => Registry.DisposeAsync();
}

/// <summary>Listing tags from a real registry: anonymously, paged, with Basic credentials, through a Bearer challenge, and down.</summary>
public sealed class RegistryClientTests(SeededRegistry seeded) : IClassFixture<SeededRegistry>
{
    private static readonly HttpClient Http = new();

    private static RegistryClient Client(int pageSize = 1000) =>
        new(Http, new RegistryClientOptions { PageSize = pageSize, Timeout = TimeSpan.FromSeconds(10) });

    private static ImageReference Image(string host) => ImageReference.TryParse($"{host}/team/web")!;

    [Fact]
    public async Task ListTags_Anonymous_ReturnsEveryPushedTag()
    {
        var tags = await Client().ListTagsAsync(Image(seeded.Registry.Host), insecure: true, null, CancellationToken.None);

        Assert.Equal(SeededRegistry.Tags.Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListTags_LinkPagination_FollowsEveryPage()
    {
        await using var front = await RegistryFront.StartAsync(seeded.Registry, FrontAuth.None, pageSize: 2);

        var tags = await Client(pageSize: 2).ListTagsAsync(Image(front.Host), insecure: true, null, CancellationToken.None);

        Assert.Equal(SeededRegistry.Tags.Order(StringComparer.Ordinal), tags);
        Assert.Equal(3, front.AuthorizedRequests); // 2 + 2 + 1
    }

    [Fact]
    public async Task ListTags_BasicChallenge_SendsTheCredentials()
    {
        await using var front = await RegistryFront.StartAsync(seeded.Registry, FrontAuth.Basic);

        var tags = await Client().ListTagsAsync(Image(front.Host), insecure: true, new RegistryCredentials(front.Username, front.Password), CancellationToken.None);

        Assert.Equal(SeededRegistry.Tags.Length, tags.Count);
    }

    [Fact]
    public async Task ListTags_BasicWrongPassword_FailsWithAuthenticationFailedNamingTheUser()
    {
        await using var front = await RegistryFront.StartAsync(seeded.Registry, FrontAuth.Basic);

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            Client().ListTagsAsync(Image(front.Host), insecure: true, new RegistryCredentials(front.Username, "wrong"), CancellationToken.None));

        Assert.Equal(RegistryFailureReasons.AuthenticationFailed, error.Reason);
        Assert.Contains("'fleet'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTags_BearerChallenge_GetsATokenFromTheRealmAndPagesWithIt()
    {
        await using var front = await RegistryFront.StartAsync(seeded.Registry, FrontAuth.Bearer, pageSize: 2);

        var tags = await Client(pageSize: 2).ListTagsAsync(Image(front.Host), insecure: true, new RegistryCredentials(front.Username, front.Password), CancellationToken.None);

        Assert.Equal(SeededRegistry.Tags.Order(StringComparer.Ordinal), tags);
        Assert.Equal(1, front.TokensIssued); // one token for every page
    }

    [Fact]
    public async Task ListTags_BearerWithoutCredentials_FailsWhenTheTokenServiceRefuses()
    {
        await using var front = await RegistryFront.StartAsync(seeded.Registry, FrontAuth.Bearer);

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            Client().ListTagsAsync(Image(front.Host), insecure: true, null, CancellationToken.None));

        Assert.Equal(RegistryFailureReasons.AuthenticationFailed, error.Reason);
        Assert.Contains("token service", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTags_NoRegistryListening_FailsUnreachable()
    {
        var closed = new OciRegistry(); // never started: its port refuses connections
        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            Client().ListTagsAsync(Image(closed.Host), insecure: true, null, CancellationToken.None));

        Assert.Equal(RegistryFailureReasons.Unreachable, error.Reason);
        await closed.DisposeAsync();
    }

    [Fact]
    public async Task ListTags_UnknownImage_FailsImageNotFound()
    {
        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            Client().ListTagsAsync(ImageReference.TryParse($"{seeded.Registry.Host}/team/nothing")!, insecure: true, null, CancellationToken.None));

        Assert.Equal(RegistryFailureReasons.NotFound, error.Reason);
    }
}
