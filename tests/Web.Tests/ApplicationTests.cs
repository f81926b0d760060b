using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>The application page: spec, instances, history, and the operator's actions.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class ApplicationTests(UiFleet fleet)
{
    [Fact]
    public async Task Drift_OutOfBandEdit_ShowsOutOfSyncLiveThenSyncHealsIt()
    {
        var application = await fleet.AddApplicationAsync("drift", selfHeal: false);
        var cluster = fleet.Clusters[0];
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = application, Exact = true }).ClickAsync();
        var row = page.GetByTestId($"instance-{cluster}");
        await Expect(row).ToContainTextAsync("Synced");
        await Expect(page.GetByText("live", new() { Exact = true })).ToBeVisibleAsync();
        await page.EvaluateAsync("window.__notReloaded = true");

        await fleet.PatchAsync(cluster, $"/api/v1/namespaces/{application}/configmaps/settings", """{"data":{"greeting":"edited by hand"}}""");

        await Expect(row).ToContainTextAsync("OutOfSync");
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sync started." })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Synced");
        await Expect(row).Not.ToContainTextAsync("OutOfSync");
        await Expect(page.GetByTestId("history")).ToContainTextAsync("admin");
        var audit = await UiFleet.EventuallyAsync(() => fleet.Api.GetStringAsync("/api/v1/audit?who=admin&limit=1000"),
            text => text.Contains($"/actions/applications/{application}/sync", StringComparison.Ordinal));
        Assert.Contains($"/actions/applications/{application}/sync", audit, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Rollback_ToFirstRevision_PinsItThenUnpinFollowsBranchAgain()
    {
        var (repository, path) = await fleet.AddRepositoryAsync();
        var application = await fleet.AddApplicationAsync("rollback", selfHeal: true, repository);
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);
        await page.GotoAsync($"/applications/{application}");
        var first = (await page.GetByTestId($"instance-{fleet.Clusters[0]}").Locator("code").First.TextContentAsync())!.Trim();

        UiFleet.CommitGreeting(path, "two");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refresh repository" }).ClickAsync();
        await Expect(page.GetByTestId($"instance-{fleet.Clusters[0]}")).Not.ToContainTextAsync(first);

        // The actions are part of the live component: choose once it has taken over the page, or the choice is redrawn.
        await Expect(page.GetByText("live", new() { Exact = true })).ToBeVisibleAsync();
        var option = page.GetByLabel("Roll back to").Locator("option", new() { HasText = first });
        await page.GetByLabel("Roll back to").SelectOptionAsync(new SelectOptionValue { Value = await option.GetAttributeAsync("value") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();

        await Expect(page.GetByTestId("pin")).ToContainTextAsync(first);
        await Expect(page.GetByTestId($"instance-{fleet.Clusters[0]}")).ToContainTextAsync(first);

        await page.GetByRole(AriaRole.Button, new() { Name = "Unpin" }).ClickAsync();

        await Expect(page.GetByTestId("pin")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId($"instance-{fleet.Clusters[0]}")).Not.ToContainTextAsync(first);
        await page.Context.CloseAsync();
    }
}
