using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>The page of an app of apps: the Fleet objects it declares, with sync, health and the file that declares each.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class AppOfAppsTests(UiFleet fleet)
{
    [Fact]
    public async Task AppOfApps_ShowsItsChildApplicationWithSourceAndLeadsToIt()
    {
        var (root, child) = await fleet.AddAppOfAppsAsync();
        var page = await fleet.SignedInPageAsync(fleet.ViewerToken);

        await page.GotoAsync($"/applications/{root}");

        await Expect(page.GetByText("the control plane: Fleet's own objects")).ToBeVisibleAsync();
        var row = page.GetByTestId($"object-Application-{child}");
        await Expect(row).ToContainTextAsync("Synced");
        await Expect(row).ToContainTextAsync($"fleet/{child}.yaml");
        await Expect(page.GetByTestId("instances")).ToHaveCountAsync(0);

        await row.GetByRole(AriaRole.Link, new() { Name = child }).ClickAsync();

        await Expect(page.GetByTestId($"instance-{fleet.Clusters[0]}")).ToContainTextAsync("Synced");
        await page.Context.CloseAsync();
    }
}
