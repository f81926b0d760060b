using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>Signing in through the configured OIDC provider (a real one on loopback) with chromium, and its failures.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class OidcSignInTests(UiFleet fleet)
{
    [Fact]
    public async Task SingleSignOn_OperatorGroup_OpensStrictSessionWithActionsUntilSignOut()
    {
        var application = await fleet.AddApplicationAsync("sso", selfHeal: true);
        var issued = fleet.Provider.TokensIssued;

        var page = await fleet.SignedInThroughProviderAsync("olga", "staff", "fleet-ops");

        Assert.True(fleet.Provider.TokensIssued > issued, "the browser's code was never traded at the provider");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fleet overview" })).ToBeVisibleAsync();
        await Expect(page.Locator("header")).ToContainTextAsync("olga");
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "fleet-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        await page.GotoAsync($"/applications/{application}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sync now" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(fleet.BaseUrl + "/signin");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SingleSignOn_ViewerGroup_SeesNoActions()
    {
        var application = await fleet.AddApplicationAsync("sso-viewer", selfHeal: true);
        var page = await fleet.SignedInThroughProviderAsync("vera", "fleet-viewers");

        await page.GotoAsync($"/applications/{application}");

        await Expect(page.GetByTestId($"instance-{fleet.Clusters[0]}")).ToContainTextAsync("Synced");
        await Expect(page.Locator("header")).ToContainTextAsync("viewer");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sync now" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Roll back" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SingleSignOn_ProviderDenies_BackOnSignInSayingWhy()
    {
        fleet.Provider.DenyAuthorization = true;
        try
        {
            var page = await StartAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("access was denied");
            await AssertNoSessionAsync(page);
        }
        finally
        {
            fleet.Provider.DenyAuthorization = false;
        }
    }

    [Fact]
    public async Task SingleSignOn_UnmappedGroups_BackOnSignInSayingWhy()
    {
        fleet.Provider.User = ("uma", ["staff"]);
        var page = await StartAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("none of your groups is given a Fleet role");
        await AssertNoSessionAsync(page);
    }

    [Fact]
    public async Task SingleSignOn_ForgedCallback_BackOnSignInSayingWhy()
    {
        await using var context = await fleet.Browser.NewContextAsync(new() { BaseURL = fleet.BaseUrl });
        var page = await context.NewPageAsync();

        // A code and state this browser never asked for (as a link from another site would bring).
        await page.GotoAsync("/session/oidc/callback?code=stolen&state=forged");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?failed=oidc-state$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("matches no sign-in started in this browser");
        await AssertNoSessionAsync(page);
    }

    private async Task<IPage> StartAsync()
    {
        var context = await fleet.Browser.NewContextAsync(new() { BaseURL = fleet.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with single sign-on" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?failed="));
        return page;
    }

    private static async Task AssertNoSessionAsync(IPage page)
    {
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "fleet-session");
        await page.Context.CloseAsync();
    }
}
