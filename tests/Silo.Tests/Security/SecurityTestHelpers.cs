using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;

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
