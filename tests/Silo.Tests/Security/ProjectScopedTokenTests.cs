using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Api;
using Fleet.Silo.Tests.Events;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Security;

/// <summary>
/// A token limited to projects reaches those projects' applications only: the others answer 404 as if they did not
/// exist and are left out of lists; fleet-wide administration is refused even with the admin role.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class ProjectScopedTokenTests(FleetHost host)
{
    [Fact]
    public async Task ScopedToken_CannotSeeOrSyncAnotherProjectsApplication()
    {
        var (mine, theirs, _) = await TwoProjectsAsync();
        using var scoped = host.CreateClient(await ScopedTokenAsync("operator", mine.Project));

        using var getTheirs = await scoped.GetAsync($"/api/v1/applications/{theirs.Application}");
        using var syncTheirs = await scoped.PostAsync($"/api/v1/applications/{theirs.Application}/sync", null);
        using var historyTheirs = await scoped.GetAsync($"/api/v1/applications/{theirs.Application}/history");
        using var rollbackTheirs = await scoped.PostAsJsonAsync($"/api/v1/applications/{theirs.Application}/rollback", new { revision = "main" });
        using var getMine = await scoped.GetAsync($"/api/v1/applications/{mine.Application}");
        using var syncMine = await scoped.PostAsync($"/api/v1/applications/{mine.Application}/sync", null);

        Assert.Equal(HttpStatusCode.NotFound, getTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, syncTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, historyTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rollbackTheirs.StatusCode);
        // Word for word the answer for a name that does not exist.
        Assert.Equal($"No application named \"{theirs.Application}\" is registered.", (await ApiWorld.JsonAsync(getTheirs))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, getMine.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, syncMine.StatusCode);
    }

    [Fact]
    public async Task ScopedToken_InstanceOfAnotherProject_Answers404()
    {
        var (mine, theirs, cluster) = await TwoProjectsAsync();
        using var scoped = host.CreateClient(await ScopedTokenAsync("viewer", mine.Project));

        using var instance = await scoped.GetAsync($"/api/v1/applications/{theirs.Application}/clusters/{cluster}");
        using var diff = await scoped.GetAsync($"/api/v1/applications/{theirs.Application}/clusters/{cluster}/diff");

        Assert.Equal(HttpStatusCode.NotFound, instance.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, diff.StatusCode);
    }

    [Fact]
    public async Task ScopedToken_ListsOnlyItsProjects()
    {
        var (mine, theirs, cluster) = await TwoProjectsAsync();
        using var scoped = host.CreateClient(await ScopedTokenAsync("viewer", mine.Project));
        using var admin = host.CreateClient();
        // Both instances are indexed before the scoped list is read, so that leaving one out is the filter's doing.
        await ApiWorld.EventuallyAsync(
            async () => await ApiWorld.JsonAsync(await admin.GetAsync($"/api/v1/instances?cluster={cluster}")),
            page => page["total"]!.GetValue<int>() == 2);

        var applications = await ApiWorld.JsonAsync(await scoped.GetAsync("/api/v1/applications?limit=1000"));
        var instances = await ApiWorld.JsonAsync(await scoped.GetAsync($"/api/v1/instances?cluster={cluster}"));
        var projects = (await scoped.GetFromJsonAsync<JsonArray>("/api/v1/projects"))!;
        using var otherProject = await scoped.GetAsync($"/api/v1/projects/{theirs.Project}");

        var names = applications["items"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains(mine.Application, names);
        Assert.DoesNotContain(theirs.Application, names);
        var instance = Assert.Single(instances["items"]!.AsArray());
        Assert.Equal(mine.Application, instance!["application"]!.GetValue<string>());
        Assert.Equal(mine.Project, Assert.Single(projects)!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, otherProject.StatusCode);
    }

    [Fact]
    public async Task ScopedAdmin_CannotRegisterClustersRepositoriesProjectsOrTokens()
    {
        var (mine, _, _) = await TwoProjectsAsync();
        using var scoped = host.CreateClient(await ScopedTokenAsync("admin", mine.Project));

        using var cluster = await scoped.PutAsJsonAsync($"/api/v1/clusters/{Unique("c")}", new { server = "http://127.0.0.1:1" });
        using var repository = await scoped.PutAsJsonAsync($"/api/v1/repositories/{Unique("r")}", new { url = host.RepositoryPath });
        using var project = await scoped.PutAsJsonAsync($"/api/v1/projects/{mine.Project}", new { sourceRepositories = new[] { "*" } });
        using var tokens = await scoped.PostAsJsonAsync("/api/v1/tokens", new { name = Unique("t"), role = "admin" });

        Assert.Equal(HttpStatusCode.Forbidden, cluster.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, repository.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, project.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tokens.StatusCode);
    }

    [Fact]
    public async Task ScopedAdmin_ManagesItsApplicationsButCannotMoveOneIntoAnotherProject()
    {
        var (mine, theirs, cluster) = await TwoProjectsAsync();
        using var scoped = host.CreateClient(await ScopedTokenAsync("admin", mine.Project));
        var created = Unique("a");

        using var put = await ProjectsApiTests.PutApplicationAsync(scoped, created, mine.Project, mine.Repository, cluster, created);
        using var intoTheirs = await ProjectsApiTests.PutApplicationAsync(scoped, Unique("a"), theirs.Project, mine.Repository, cluster, "default");
        using var overwriteTheirs = await ProjectsApiTests.PutApplicationAsync(scoped, theirs.Application, mine.Project, mine.Repository, cluster, "default");
        using var deleteTheirs = await scoped.DeleteAsync($"/api/v1/applications/{theirs.Application}");
        using var deleteMine = await scoped.DeleteAsync($"/api/v1/applications/{created}?cascade=false");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, intoTheirs.StatusCode);
        Assert.Equal($"no project named \"{theirs.Project}\" exists", (await ApiWorld.JsonAsync(intoTheirs))["errors"]!["project"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, overwriteTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleteMine.StatusCode);
    }

    [Fact]
    public async Task ScopedToken_EventStreamCarriesOnlyItsProjectsApplications()
    {
        var (mine, theirs, cluster) = await TwoProjectsAsync();
        using var admin = host.CreateClient();
        await ApiWorld.EventuallyAsync(
            async () => await ApiWorld.JsonAsync(await admin.GetAsync($"/api/v1/instances?cluster={cluster}&sync=Synced")),
            page => page["total"]!.GetValue<int>() == 2);
        using var scoped = host.CreateClient(await ScopedTokenAsync("viewer", mine.Project));
        // From the journal's start: both applications' syncs are in it, and only one may come through.
        await using var stream = await SseClient.OpenAsync(scoped, $"?cluster={cluster}&since=0&kind=SyncStarted,SyncSucceeded");

        var first = await stream.UntilAsync("SyncSucceeded");
        (await admin.PostAsync($"/api/v1/applications/{mine.Application}/sync", null)).EnsureSuccessStatusCode();
        var second = await stream.UntilAsync("SyncSucceeded");

        Assert.All(first.Concat(second), m => Assert.Equal(mine.Application, m.Data["application"]!.GetValue<string>()));
        Assert.DoesNotContain(first.Concat(second), m => m.Data["application"]!.GetValue<string>() == theirs.Application);
    }

    [Theory]
    [InlineData("""{"name":"x","role":"viewer","projects":[]}""", "projects")]
    [InlineData("""{"name":"x","role":"viewer","projects":["Not A Name"]}""", "projects[0]")]
    [InlineData("""{"name":"x","role":"viewer","projects":["no-such-project-here"]}""", "projects[0]")]
    public async Task CreateToken_BadProjects_Answers400(string body, string field)
    {
        using var admin = host.CreateClient();

        using var response = await admin.PostAsync("/api/v1/tokens", JsonContent.Create(JsonNode.Parse(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiWorld.JsonAsync(response))["errors"]!.AsObject().ContainsKey(field));
    }

    private sealed record Team(string Project, string Repository, string Application);

    // Two projects, each with its own repository and an application on one shared cluster.
    private async Task<(Team Mine, Team Theirs, string Cluster)> TwoProjectsAsync()
    {
        using var admin = host.CreateClient();
        var world = new ApiWorld(host, admin);
        var cluster = await world.AddClusterAsync();
        var teams = new List<Team>();
        for (var i = 0; i < 2; i++)
        {
            var repository = Unique("r");
            (await admin.PutAsJsonAsync($"/api/v1/repositories/{repository}", new { url = host.RepositoryPath, branch = "main" })).EnsureSuccessStatusCode();
            var project = await ProjectsApiTests.PutOpenProjectAsync(admin, repository);
            var application = Unique("a");
            (await ProjectsApiTests.PutApplicationAsync(admin, application, project, repository, cluster, "default")).EnsureSuccessStatusCode();
            teams.Add(new Team(project, repository, application));
        }
        return (teams[0], teams[1], cluster);
    }

    private async Task<string> ScopedTokenAsync(string role, string project)
    {
        using var admin = host.CreateClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = Unique("scoped"), role, projects = new[] { project } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiWorld.JsonAsync(response);
        Assert.Equal(project, body["projects"]![0]!.GetValue<string>());
        return body["token"]!.GetValue<string>();
    }
}
