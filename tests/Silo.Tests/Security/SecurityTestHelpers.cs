using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fleet.Silo.Tests.Security;

/// <summary>Shared steps of the security tests: unique names, tokens per role, polling with a deadline.</summary>
internal static class SecurityTestHelpers
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Makes a token of <paramref name="role"/> with the admin client; returns its id and text.</summary>
    public static async Task<(string Id, string Token)> CreateTokenAsync(FleetHost host, string role, string? name = null)
    {
        using var admin = host.CreateClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/tokens", new { name = name ?? Unique(role), role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["id"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }

    /// <summary>
    /// A host of its own (own silo ports and Git cache) with <paramref name="settings"/> on top of the shared host's;
    /// for configuration the shared host does not have. Costs a silo start: use sparingly.
    /// </summary>
    public static WebApplicationFactory<Program> HostWith(FleetHost host, IReadOnlyDictionary<string, string> settings) =>
        host.WithWebHostBuilder(b =>
        {
            b.UseSetting("Fleet:SiloPort", FreePort());
            b.UseSetting("Fleet:GatewayPort", FreePort());
            b.UseSetting("Fleet:GitCacheDirectory", Directory.CreateTempSubdirectory("fleet-sec-git-").FullName);
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    /// <summary>A client of <paramref name="factory"/> that sends <paramref name="token"/> (none when null).</summary>
    public static HttpClient ClientOf(WebApplicationFactory<Program> factory, string? token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(100);
        }
    }
}
