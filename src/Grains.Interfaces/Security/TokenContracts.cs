using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Grains.Interfaces.Security;

/// <summary>
/// One API token as the registry keeps it: who it belongs to and the SHA-256 of its text. The text itself is shown
/// once when the token is made and never stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.TokenRecord")]
public sealed record TokenRecord
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string Role { get; init; }
    [Id(3)] public required string Sha256 { get; init; }
    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(5)] public required string CreatedBy { get; init; }
    [Id(6)] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The projects whose applications the token is limited to; null for a token of the whole fleet.</summary>
    [Id(7)] public IReadOnlyList<string>? Projects { get; init; }

    /// <summary>Whether the token has passed its expiry at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;
}

/// <summary>A token just made: its record and its text, which the caller sees this once.</summary>
[GenerateSerializer, Immutable, Alias("fleet.IssuedToken")]
public sealed record IssuedToken
{
    [Id(0)] public required TokenRecord Record { get; init; }
    [Id(1)] public required string Token { get; init; }
}

/// <summary>Makes token texts and their hashes; shared by the registry (which stores hashes) and the API (which looks them up).</summary>
public static class ApiTokens
{
    /// <summary>Every Fleet token starts with this, so that scanners and people recognise a leaked one.</summary>
    public const string Prefix = "fleet_";

    /// <summary>A new token: the prefix and 32 random bytes, base64url.</summary>
    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A random id for a token record (not secret).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The lowercase hex SHA-256 of <paramref name="token"/>'s UTF-8 bytes.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> has the shape of a Fleet token (cheap check before any lookup).</summary>
    public static bool LooksLikeToken(string token) => token.StartsWith(Prefix, StringComparison.Ordinal) && token.Length is > 6 and < 128;
}

/// <summary>
/// The registry of API tokens (key "tokens"). Holds records with hashes only. Read calls interleave; every API
/// silo caches lookups, so the registry sees a request only when a silo's cache misses.
/// </summary>
public interface ITokenRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Makes a token, limited to the applications of <paramref name="projects"/> when given. Null when a token of
    /// that name exists already.
    /// </summary>
    Task<IssuedToken?> CreateAsync(string name, string role, string createdBy, DateTimeOffset? expiresAt, IReadOnlyList<string>? projects = null);

    /// <summary>Every token record, oldest first (hashes included: they are not secret, but the API leaves them out).</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<TokenRecord>> ListAsync();

    /// <summary>The record of the token whose SHA-256 is <paramref name="sha256"/>, or null when unknown.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<TokenRecord?> FindAsync(string sha256);

    /// <summary>Revokes (deletes) a token; returns its record, or null when there is no such id.</summary>
    Task<TokenRecord?> RevokeAsync(string id);

    /// <summary>
    /// Makes the first admin token when the registry holds no unexpired admin token and returns its text; every
    /// later or concurrent caller gets null. Lets several silos start at once with only one of them printing a token.
    /// </summary>
    Task<string?> BootstrapAdminAsync();
}
