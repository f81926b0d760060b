using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Fleet.Api.Security;

/// <summary>
/// Accepts the admin token given by FLEET_ADMIN_TOKEN. Compared in fixed time so that the comparison leaks nothing.
/// </summary>
public sealed class ConfiguredAdminToken(IConfiguration configuration) : ITokenValidator
{
    /// <summary>The configuration key (an environment variable of the same name lands here too).</summary>
    public const string Key = "FLEET_ADMIN_TOKEN";

    public ValueTask<TokenIdentity?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var admin = configuration[Key];
        var match = !string.IsNullOrEmpty(admin)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(Encoding.UTF8.GetBytes(admin)));
        return ValueTask.FromResult(match ? new TokenIdentity("admin", FleetRoles.Admin) : null);
    }
}
