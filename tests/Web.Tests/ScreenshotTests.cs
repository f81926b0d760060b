using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>
/// Screenshots of every page, at laptop and phone widths (<c>NAME.png</c> and <c>NAME-phone.png</c>). They go to
/// <c>screenshots/</c> in the test output, or to <c>FLEET_UI_SCREENSHOTS</c> when set; with <c>FLEET_UI_URL</c> and
/// <c>FLEET_UI_TOKEN</c> they are taken of another Fleet (the demo, for the README's pictures: see "The web UI" in
/// the README) instead of the test's own. The sign-in page with single sign-on is always the test's own silo's (the
/// demo has no OIDC provider).
/// </summary>
[Collection(UiFleetCollection.Name)]
public sealed class ScreenshotTests(UiFleet fleet)
{
    [Fact]
    public async Task EveryPage_LaptopAndPhone_RendersAndIsCaptured()
    {
        var directory = Environment.GetEnvironmentVariable("FLEET_UI_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var external = Environment.GetEnvironmentVariable("FLEET_UI_URL");
        var baseUrl = string.IsNullOrEmpty(external) ? fleet.BaseUrl : external.TrimEnd('/');
        var token = string.IsNullOrEmpty(external) ? fleet.AdminToken : Environment.GetEnvironmentVariable("FLEET_UI_TOKEN")!;
        var (application, cluster) = string.IsNullOrEmpty(external)
            ? (await fleet.AddApplicationAsync("shot", selfHeal: true), fleet.Clusters[1])
            : ("guestbook", "prod");

        await using var context = await fleet.Browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = Laptop });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "signin.png") });
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(baseUrl + "/");

        var pages = new (string Name, string Path, string Ready)[]
        {
            ("overview", "/", "Live ·"),
            ("application", $"/applications/{application}", "live"),
            ("instance", $"/applications/{application}/clusters/{cluster}", "live"),
            ("clusters", "/clusters", "Connectivity"),
            ("cluster", $"/clusters/{cluster}", "Connection"),
            ("repositories", "/repositories", "Image automation"),
            ("events", "/events", "Live: new events appear at the top."),
        };
        foreach (var (width, suffix) in new[] { (Laptop, ""), (Phone, "-phone") })
        {
            await page.SetViewportSizeAsync(width.Width, width.Height);
            foreach (var (name, path, ready) in pages)
            {
                await page.GotoAsync(path);
                await Expect(page.GetByText(ready, new() { Exact = false }).First).ToBeVisibleAsync();
                await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}{suffix}.png"), FullPage = true });
            }
        }
        await using var sso = await fleet.Browser.NewContextAsync(new() { BaseURL = fleet.BaseUrl, ViewportSize = Laptop });
        var ssoPage = await sso.NewPageAsync();
        await ssoPage.GotoAsync("/signin");
        await Expect(ssoPage.GetByRole(AriaRole.Button, new() { Name = "Sign in with single sign-on" })).ToBeVisibleAsync();
        await ssoPage.ScreenshotAsync(new() { Path = Path.Combine(directory, "signin-sso.png") });

        Assert.All(pages, p => Assert.True(File.Exists(Path.Combine(directory, $"{p.Name}.png")) && File.Exists(Path.Combine(directory, $"{p.Name}-phone.png"))));
    }

    private static ViewportSize Laptop => new() { Width = 1280, Height = 800 };

    private static ViewportSize Phone => new() { Width = 390, Height = 844 };
}
