using System.Net.Http.Json;
using Fleet.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>The repositories page: Git and Helm repositories, and image automation where repositories are shown.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class RepositoriesTests(UiFleet fleet)
{
    [Fact]
    public async Task RepositoriesPage_ShowsRepositoriesAndImageAutomationWithTheirConditions()
    {
        var name = $"{fleet.Run}-img{Guid.NewGuid().ToString("N")[..6]}";
        // Nothing listens on port 9: the scan fails and the repository says why.
        (await fleet.Api.PutAsJsonAsync($"/api/v1/imagerepositories/{name}", new { image = "127.0.0.1:9/team/web", intervalSeconds = 3600, insecure = true }))
            .EnsureSuccessStatusCode();
        (await fleet.Api.PutAsJsonAsync($"/api/v1/imagepolicies/{name}", new { imageRepository = name, policy = new { semver = new { range = ">=1.0.0 <2.0.0" } } }))
            .EnsureSuccessStatusCode();
        var page = await fleet.SignedInPageAsync(fleet.ViewerToken);

        await page.GotoAsync("/repositories");

        await Expect(page.GetByTestId($"repository-{fleet.Repository}")).ToContainTextAsync("git");
        await Expect(page.GetByTestId($"image-repository-{name}")).ToContainTextAsync("127.0.0.1:9/team/web");
        await Expect(page.GetByTestId($"image-repository-{name}")).ToContainTextAsync("Failed");
        await Expect(page.GetByTestId($"image-policy-{name}")).ToContainTextAsync("semver >=1.0.0 <2.0.0");
        await page.Context.CloseAsync();
    }
}
