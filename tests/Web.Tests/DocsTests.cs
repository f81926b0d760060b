using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>The API reference at /docs: readable without a session, self-contained, and saying how to authenticate.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class DocsTests(UiFleet fleet)
{
    [Fact]
    public async Task Docs_Introduction_ShowsBearerPlaceholderAndNoRequestLeavesTheSilo()
    {
        await using var context = await fleet.Browser.NewContextAsync(new() { BaseURL = fleet.BaseUrl });
        var page = await context.NewPageAsync();
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(fleet.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };

        await page.GotoAsync("/docs");

        await Expect(page.GetByText("Authorization: Bearer <token>").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Ask AI")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Generate SDK")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Deploy" })).ToHaveCountAsync(0);
        Assert.Empty(outside);
    }
}
