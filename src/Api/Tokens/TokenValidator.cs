using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fleet.Api.Security;
using Fleet.Grains.Interfaces.Security;
using Fleet.Grains.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Fleet.Api.Tokens;

/// <summary>
/// Validates bearer tokens: the configured FLEET_ADMIN_TOKEN first (fixed-time compare), then Fleet's API tokens
/// through a per-silo cache in front of the token registry grain.
/// </summary>
/// <remarks>
/// Known tokens are cached for <see cref="PositiveLifetime"/> and unknown ones for <see cref="NegativeLifetime"/>. A
/// known token is looked up again in the background when its entry nears the end of its life, so in the steady
/// state no request waits on the registry and the registry is no hot singleton. The price: a token revoked on
/// another silo keeps working here for at most <see cref="PositiveLifetime"/> (this silo forgets it at once).
/// </remarks>
public sealed partial class TokenValidator(
    IConfiguration configuration,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<TokenValidator> logger) : ITokenValidator
{
    /// <summary>How long a known token is trusted without asking the registry again: the bound on revocation.</summary>
    public static readonly TimeSpan PositiveLifetime = TimeSpan.FromSeconds(10);

    /// <summary>How long an unknown token stays unknown (a token made on another silo works after at most this).</summary>
    public static readonly TimeSpan NegativeLifetime = TimeSpan.FromSeconds(2);

    // Past this age a known token is refreshed in the background while the cached answer still serves.
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(7);

    // Random "fleet_..." texts must not grow the cache without bound.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    public async ValueTask<TokenIdentity?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var admin = configuration[ConfiguredAdminToken.Key];
        if (!string.IsNullOrEmpty(admin)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(Encoding.UTF8.GetBytes(admin))))
        {
            return new TokenIdentity("admin", FleetRoles.Admin);
        }
        if (!ApiTokens.LooksLikeToken(token))
        {
            return null;
        }
        var hash = ApiTokens.Hash(token);
        if (_cache.TryGetValue(hash, out var entry))
        {
            if (!entry.Lookup.IsCompleted)
            {
                // Another request is asking the registry for the same token: share its answer.
                return IdentityOf(await entry.Lookup.WaitAsync(cancellationToken));
            }
            if (entry.Lookup.IsCompletedSuccessfully)
            {
                var record = entry.Lookup.Result;
                var age = time.GetElapsedTime(entry.FetchedAt);
                if (age < (record is null ? NegativeLifetime : PositiveLifetime))
                {
                    if (record is not null && age >= RefreshAfter && Interlocked.Exchange(ref entry.Refreshing, 1) == 0)
                    {
                        _ = RefreshAsync(hash, entry);
                    }
                    return IdentityOf(record);
                }
            }
        }
        return IdentityOf(await Fetch(hash).WaitAsync(cancellationToken));
    }

    /// <summary>Forgets a token on this silo at once (after it was revoked here).</summary>
    public void Forget(string sha256) => _cache.TryRemove(sha256, out _);

    private Task<TokenRecord?> Fetch(string hash)
    {
        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }
        var entry = new Entry(FetchAsync(hash), time.GetTimestamp());
        _cache[hash] = entry;
        return entry.Lookup;
    }

    private async Task<TokenRecord?> FetchAsync(string hash)
    {
        try
        {
            return await grains.TokenRegistry().FindAsync(hash);
        }
        catch (Exception e)
        {
            // Do not cache a failure: the next request asks again. The request fails (500) rather than passing.
            _cache.TryRemove(hash, out _);
            LogLookupFailed(logger, e);
            throw;
        }
    }

    // Keeps serving the old entry until the registry answered, so requests do not wait on the refresh.
    private async Task RefreshAsync(string hash, Entry stale)
    {
        var started = time.GetTimestamp();
        try
        {
            var record = await grains.TokenRegistry().FindAsync(hash);
            // Only over the entry it refreshes: a token forgotten (revoked) meanwhile must stay forgotten.
            _cache.TryUpdate(hash, new Entry(Task.FromResult(record), started), stale);
        }
        catch (Exception e)
        {
            // The old entry stays until its lifetime ends; then a request asks the registry itself.
            LogLookupFailed(logger, e);
        }
    }

    private TokenIdentity? IdentityOf(TokenRecord? record) =>
        record is null || record.IsExpired(time.GetUtcNow()) ? null : new TokenIdentity(record.Name, record.Role, record.Projects);

    private sealed class Entry(Task<TokenRecord?> lookup, long fetchedAt)
    {
        public Task<TokenRecord?> Lookup { get; } = lookup;

        public long FetchedAt { get; } = fetchedAt;

        public int Refreshing;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Looking up an API token in the registry failed")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception);
}
