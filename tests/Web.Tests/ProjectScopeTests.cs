using System.Net.Http.Json;
using Fleet.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Web.Tests;

/// <summary>A project-scoped token sees in the UI exactly what it sees through the API: its projects' applications.</summary>
[Collection(UiFleetCollection.Name)]
public sealed class ProjectScopeTests(UiFleet fleet)
{
    [Fact]
    public async Task ScopedViewer_OtherProjectsApplication_NeitherListedNorReadable()
    {
        var project = "team-" + Guid.NewGuid().ToString("N")[..6];
        (await fleet.Api.PutAsJsonAsync($"/api/v1/projects/{project}", new
        {
            sourceRepositories = new[] { "*" },
            destinations = new[] { new { cluster = "*", @namespace = "*" } },
            clusterResources = new[] { new { group = "*", kind = "*" } },
        })).EnsureSuccessStatusCode();
        var mine = await fleet.AddApplicationAsync("scope", selfHeal: true, project: project);
        var theirs = await fleet.AddApplicationAsync("scope", selfHeal: true);
        using var created = await fleet.Api.PostAsJsonAsync("/api/v1/tokens", new { name = "scoped-" + project, role = "viewer", projects = new[] { project } });
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["token"]!.GetValue<string>();
        var page = await fleet.SignedInPageAsync(token);

        await page.GotoAsync("/?q=scope-");

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = mine, Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = theirs, Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync($"/applications/{theirs}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"There is no application named “{theirs}”");
        await page.GotoAsync($"/applications/{theirs}/clusters/{fleet.Clusters[0]}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("has no instance");
        await page.Context.CloseAsync();
    }
}
