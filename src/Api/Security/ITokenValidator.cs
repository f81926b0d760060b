namespace Fleet.Api.Security;

/// <summary>Who a bearer token belongs to: a name for audit entries and a role.</summary>
public sealed record TokenIdentity(string Name, string Role);

/// <summary>Looks up the identity behind an opaque API token; null when the token is unknown or revoked.</summary>
public interface ITokenValidator
{
    /// <summary>Validates <paramref name="token"/> (the text after "Bearer ").</summary>
    ValueTask<TokenIdentity?> ValidateAsync(string token, CancellationToken cancellationToken);
}
