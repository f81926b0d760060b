using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>A viewer reads everything and is offered no action; posting one anyway is refused as the API refuses it.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class ViewerTests(UiFleet fleet)
{
    [Fact]
    public async Task Viewer_ApplicationPage_OffersNoActionAndPostingOneAnswers403()
    {
        var application = await fleet.AddApplicationAsync("viewer", selfHeal: true);
        var page = await fleet.SignedInPageAsync(fleet.ViewerToken);

        await page.GotoAsync($"/applications/{application}");

        await Expect(page.GetByTestId($"instance-{fleet.Clusters[0]}")).ToContainTextAsync("Synced");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sync now" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Roll back" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Refresh repository" })).ToHaveCountAsync(0);
        // A valid antiforgery token (the sign-out form's), so that the refusal can only be the role's.
        var antiforgery = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var response = await page.APIRequest.PostAsync($"/actions/applications/{application}/sync", new() { Form = FormWith(page, antiforgery!) });

        Assert.Equal(403, response.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Operator_PostWithoutAntiforgeryToken_IsRefused()
    {
        var application = await fleet.AddApplicationAsync("csrf", selfHeal: true);
        var page = await fleet.SignedInPageAsync(fleet.AdminToken);

        var response = await page.APIRequest.PostAsync($"/actions/applications/{application}/sync", new() { Form = EmptyForm(page) });

        Assert.Equal(400, response.Status);
        await page.Context.CloseAsync();
    }

    private static IFormData FormWith(IPage page, string antiforgery)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", antiforgery);
        return form;
    }

    private static IFormData EmptyForm(IPage page)
    {
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("prune", "false");
        return form;
    }
}
