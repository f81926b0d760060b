using Fleet.Simulator.Storage;
using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>The overview: summary, the applications x clusters grid, its filters, and live updates.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class OverviewTests(UiFleet fleet)
{
    [Fact]
    public async Task Grid_ApplicationOnTwoClusters_ShowsBothCellsSyncedAndHealthy()
    {
        var application = await fleet.AddApplicationAsync("grid", selfHeal: true);
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);

        await page.GotoAsync($"/?q={application}");

        foreach (var cluster in fleet.Clusters)
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{application} on {cluster}: Synced, Healthy" })).ToBeVisibleAsync();
        }
        await Expect(page.GetByTestId("instances-total")).Not.ToHaveTextAsync("0");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Filters_SelectorAndHealth_NarrowTheGrid()
    {
        var application = await fleet.AddApplicationAsync("filter", selfHeal: true);
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);
        await page.GotoAsync("/");

        await page.GetByLabel("Search applications").FillAsync(application);
        await page.GetByLabel("Cluster labels").FillAsync("env=prod");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{application} on {fleet.Clusters[1]}: Synced, Healthy" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"{application} on {fleet.Clusters[0]}: Synced, Healthy" })).ToHaveCountAsync(0);

        await page.GetByLabel("Health", new() { Exact = true }).SelectOptionAsync("Degraded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();

        await Expect(page.GetByText("No instance matches these filters.")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Filters_InvalidSelector_SaysWhy()
    {
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);

        await page.GotoAsync("/?selector=" + Uri.EscapeDataString("env in (prod"));

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("selector");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Summary_ClusterGoesDown_CountChangesWithoutReload()
    {
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);
        await Expect(page.GetByText("Live ·")).ToBeVisibleAsync();
        await page.EvaluateAsync("window.__notReloaded = true");
        var spare = fleet.Simulator.Cluster(fleet.SpareCluster);

        try
        {
            spare.Faults.Outage = OutageMode.Unavailable;
            await Expect(page.GetByTestId("clusters-unreachable")).ToHaveTextAsync("1 unreachable");
        }
        finally
        {
            spare.Faults.Outage = OutageMode.None;
        }
        await Expect(page.GetByTestId("clusters-unreachable")).ToHaveTextAsync("0 unreachable");
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"));
        await page.Context.CloseAsync();
    }
}
