using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary><c>ignoreDifferences</c> of an application: JSON pointers and field managers, validated at PUT.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class IgnoreDifferencesApiTests(FleetHost host)
{
    [Theory]
    [InlineData("""{"group":"apps","kind":"Deployment","managedFieldsManagers":[""]}""", "ignoreDifferences[0].managedFieldsManagers[0]", "field manager")]
    [InlineData("""{"group":"apps","kind":"Deployment","managedFieldsManagers":[]}""", "ignoreDifferences[0].jsonPointers", "managedFieldsManagers")]
    [InlineData("""{"group":"apps","kind":"Deployment","managedFieldsManager":["hpa"]}""", "ignoreDifferences[0]", "is not a field of this request")]
    public async Task PutApplication_BadManagedFieldsManagers_Answers400NamingTheField(string rule, string field, string reason)
    {
        using var client = host.CreateClient();
        var body = new JsonObject
        {
            ["repository"] = ApiWorld.Unique("r"), ["path"] = "app", ["destination"] = new JsonObject { ["clusters"] = new JsonArray("c") },
            ["ignoreDifferences"] = new JsonArray(JsonNode.Parse(rule)),
        };

        using var response = await client.PutAsJsonAsync($"/api/v1/applications/{ApiWorld.Unique("a")}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(field, text, StringComparison.Ordinal);
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutApplication_ManagedFieldsManagers_AreStoredAndReturned()
    {
        using var client = host.CreateClient();
        var world = new ApiWorld(host, client);
        await world.AddRepositoryAsync();
        var cluster = await world.AddClusterAsync();
        var name = ApiWorld.Unique("a");

        using var put = await client.PutAsJsonAsync($"/api/v1/applications/{name}", new
        {
            repository = world.Repository,
            path = "app",
            destination = new { clusters = new[] { cluster } },
            ignoreDifferences = new[] { new { group = "apps", kind = "Deployment", managedFieldsManagers = new[] { "horizontal-pod-autoscaler" } } },
        });
        var view = await ApiWorld.JsonAsync(await client.GetAsync($"/api/v1/applications/{name}"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var rule = view["spec"]!["ignoreDifferences"]![0]!;
        Assert.Equal("horizontal-pod-autoscaler", rule["managedFieldsManagers"]![0]!.GetValue<string>());
        Assert.Empty(rule["jsonPointers"]!.AsArray());
    }
}
