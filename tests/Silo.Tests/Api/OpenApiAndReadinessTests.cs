using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Api;

/// <summary>The OpenAPI document, the reference page and readiness: anonymous, and useful.</summary>
[Collection(FleetHostCollection.Name)]
public sealed class OpenApiAndReadinessTests(FleetHost host)
{
    [Fact]
    public async Task OpenApiDocument_Anonymous_ListsThePathsAndTheBearerScheme()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/openapi/v1.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/instances", "/api/v1/applications", "/api/v1/applications/{name}/clusters/{cluster}/diff", "/api/v1/clusters", "/readyz" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the document");
        }
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var list = paths["/api/v1/instances"]!["get"]!;
        Assert.Equal("ListInstances", list["operationId"]!.GetValue<string>());
        Assert.Equal("Instances", list["tags"]![0]!.GetValue<string>());
        Assert.NotNull(list["security"]);
        Assert.NotNull(list["responses"]!["200"]);
        Assert.NotNull(list["responses"]!["400"]);
        Assert.Null(paths["/readyz"]!["get"]!["security"]);
        Assert.Contains(list["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "selector" && p["description"] is not null);
    }

    [Fact]
    public async Task OpenApiDocument_EventsOperation_DeclaresAnEventStream()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/openapi/v1.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var events = document["paths"]!["/api/v1/events"]!["get"]!;
        var content = events["responses"]!["200"]?["content"]?.AsObject();
        Assert.True(content is not null && content.ContainsKey("text/event-stream"), events.ToJsonString());
        Assert.NotNull(events["responses"]!["400"]);
    }

    [Fact]
    public async Task ReferencePage_Anonymous_IsServed()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/docs/");
        using var script = await client.GetAsync("/docs/scalar.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Fleet API", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Readyz_SiloActive_Answers200Anonymously()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ListInstances_Anonymous_Answers401()
    {
        using var client = host.CreateAnonymousClient();

        using var response = await client.GetAsync("/api/v1/instances");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
