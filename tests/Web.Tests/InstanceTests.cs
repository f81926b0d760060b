using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>The instance page: resources, the diff with Secrets masked, conditions, history and events.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class InstanceTests(UiFleet fleet)
{
    [Fact]
    public async Task Instance_FromGridCell_ShowsResourcesConditionsHistoryAndEvents()
    {
        var application = await fleet.AddApplicationAsync("inst", selfHeal: true);
        var cluster = fleet.Clusters[1];
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);
        await page.GotoAsync($"/?application={application}");

        await page.GetByRole(AriaRole.Link, new() { Name = $"{application} on {cluster}: Synced, Healthy" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"{application} on {cluster}");
        var resources = page.GetByTestId("resources");
        await Expect(resources).ToContainTextAsync("ConfigMap");
        await Expect(resources).ToContainTextAsync($"{application}/settings");
        await Expect(resources).ToContainTextAsync("Secret");
        await Expect(page.GetByTestId("conditions")).ToContainTextAsync("Synced");
        await Expect(page.GetByTestId("history")).ToContainTextAsync("Succeeded");
        await Expect(page.GetByTestId("events")).ToContainTextAsync("SyncSucceeded");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Diff_SecretEditedInCluster_NamesTheKeyButNeverAValue()
    {
        var application = await fleet.AddApplicationAsync("secret", selfHeal: false);
        var cluster = fleet.Clusters[0];
        var page = await fleet.SignedInPageAsync(fleet.ViewerToken);
        await page.GotoAsync($"/applications/{application}/clusters/{cluster}");
        await Expect(page.GetByText("Nothing differs from Git.")).ToBeVisibleAsync();

        await fleet.PatchAsync(cluster, $"/api/v1/namespaces/{application}/secrets/db", """{"stringData":{"password":"live-password-9876"}}""");

        var diff = page.GetByTestId("diff");
        await Expect(diff).ToContainTextAsync("password: (secret value changed)");
        var text = await page.ContentAsync();
        Assert.DoesNotContain("live-password-9876", text, StringComparison.Ordinal);
        Assert.DoesNotContain("git-password-1234", text, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
