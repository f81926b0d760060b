using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>How a <see cref="RegistryFront"/> asks for credentials.</summary>
public enum FrontAuth
{
    /// <summary>Anonymous access.</summary>
    None,

    /// <summary>401 with a Basic challenge; the user name and password must match.</summary>
    Basic,

    /// <summary>401 with a Bearer challenge naming this server's own token endpoint, which wants Basic credentials.</summary>
    Bearer,
}

/// <summary>
/// A small loopback HTTP server of the tests' own in front of a real <see cref="OciRegistry"/>: it asks for Basic or
/// Bearer authentication as Docker Hub and GHCR do (with a token endpoint of its own), and pages tag lists with Link
/// headers (the distribution registry 2.8 that Debian ships answers every tag at once). Tag lists come from the real
/// registry; the front only adds what it is set up for, and counts what it saw.
/// </summary>
public sealed class RegistryFront : IAsyncDisposable
{
    private const string Service = "fleet-test-registry";
    private readonly WebApplication _app;
    private readonly HttpClient _backend = new();
    private readonly string _token = Guid.NewGuid().ToString("N");

    private RegistryFront(WebApplication app) => _app = app;

    public FrontAuth Auth { get; private init; }
    public string Username { get; } = "fleet";
    public string Password { get; } = "s3cret-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>Tags per page; null answers every tag at once.</summary>
    public int? PageSize { get; private init; }

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of image names.</summary>
    public string Host { get; private set; } = "";

    /// <summary>How many tag-list requests carried valid authorization, and how many tokens were handed out.</summary>
    public int AuthorizedRequests;
    public int TokensIssued;

    public static async Task<RegistryFront> StartAsync(OciRegistry registry, FrontAuth auth, int? pageSize = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var front = new RegistryFront(app) { Auth = auth, PageSize = pageSize };
        app.MapGet("/token", (HttpContext context) => front.Token(context));
        app.MapGet("/v2/{**path}", (HttpContext context, string path) => front.TagsAsync(context, registry, path));
        await app.StartAsync();
        var address = app.Urls.First();
        front.Host = new Uri(address).Authority;
        return front;
    }

    private IResult Token(HttpContext context)
    {
        var query = context.Request.Query;
        if (!BasicMatches(context.Request) || query["service"] != Service || !query["scope"].ToString().StartsWith("repository:", StringComparison.Ordinal))
        {
            return Results.Unauthorized();
        }
        Interlocked.Increment(ref TokensIssued);
        return Results.Json(new { token = _token, expires_in = 300 });
    }

    private async Task<IResult> TagsAsync(HttpContext context, OciRegistry registry, string path)
    {
        var authorized = Auth switch
        {
            FrontAuth.Basic => BasicMatches(context.Request),
            FrontAuth.Bearer => context.Request.Headers.Authorization.ToString() == "Bearer " + _token,
            _ => true,
        };
        if (!authorized)
        {
            var repository = path.EndsWith("/tags/list", StringComparison.Ordinal) ? path[..^"/tags/list".Length] : path;
            context.Response.Headers.WWWAuthenticate = Auth == FrontAuth.Basic
                ? "Basic realm=\"fleet test\""
                : $"Bearer realm=\"http://{Host}/token\",service=\"{Service}\",scope=\"repository:{repository}:pull\"";
            return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED" } } }, statusCode: 401);
        }
        Interlocked.Increment(ref AuthorizedRequests);
        using var response = await _backend.GetAsync($"http://{registry.Host}/v2/{path}");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || PageSize is not { } size)
        {
            return Results.Content(body, "application/json", Encoding.UTF8, (int)response.StatusCode);
        }
        // Pages in tag order after "last", as the distribution API specifies.
        var tags = JsonNode.Parse(body)!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        var last = context.Request.Query["last"].ToString();
        var rest = tags.Where(t => last.Length == 0 || string.CompareOrdinal(t, last) > 0).ToList();
        var page = rest.Take(size).ToList();
        if (rest.Count > size)
        {
            context.Response.Headers.Link = $"</v2/{path}?last={Uri.EscapeDataString(page[^1])}&n={size}>; rel=\"next\"";
        }
        return Results.Content(JsonSerializer.Serialize(new { name = path, tags = page }), "application/json");
    }

    private bool BasicMatches(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) && header.Scheme == "Basic"
        && header.Parameter == Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _backend.Dispose();
    }
}
