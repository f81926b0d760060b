using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>Signing in with an API token, the session cookie, and signing out.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class SignInTests(UiFleet fleet)
{
    [Fact]
    public async Task SignIn_WrongToken_StaysOnFormSayingWhy()
    {
        await using var context = await fleet.Browser.NewContextAsync(new() { BaseURL = fleet.BaseUrl });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.GetByLabel("API token").FillAsync("fleet_not-a-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("unknown, expired or revoked");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "fleet-session");
    }

    [Fact]
    public async Task SignIn_AdminToken_OpensHttpOnlyStrictSessionUntilSignOut()
    {
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "fleet-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(fleet.AdminToken, session.Value, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fleet overview" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(fleet.BaseUrl + "/signin");
        await page.GotoAsync("/clusters");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fclusters$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RevokedToken_OpenLivePage_StopsAndGoesToSignIn()
    {
        using var created = await fleet.Api.PostAsJsonAsync("/api/v1/tokens", new { name = "revoked-" + fleet.Run, role = "viewer" });
        created.EnsureSuccessStatusCode();
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var page = await fleet.SignedInPageAsync(body["token"]!.GetValue<string>());
        await Expect(page.GetByText("Live ·").First).ToBeVisibleAsync();

        (await fleet.Api.DeleteAsync($"/api/v1/tokens/{body["id"]!.GetValue<string>()}")).EnsureSuccessStatusCode();

        // No reload by the test: the open page's own session check sends it to sign in, and it comes back here after.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2F$"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "fleet-session");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Api_WithSessionCookieOnly_Answers401()
    {
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);

        // The API reads bearer tokens only: a browser's session cannot be used to call it, from this site or another.
        var response = await page.APIRequest.GetAsync("/api/v1/fleet");

        Assert.Equal(401, response.Status);
        await page.Context.CloseAsync();
    }
}
