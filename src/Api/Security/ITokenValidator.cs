namespace Fleet.Api.Security;

/// <summary>
/// Who a bearer token belongs to: a name for audit entries, a role, and the projects it is limited to (null: the
/// whole fleet).
/// </summary>
public sealed record TokenIdentity(string Name, string Role, IReadOnlyList<string>? Projects = null);

/// <summary>Looks up the identity behind an opaque API token; null when the token is unknown or revoked.</summary>
public interface ITokenValidator
{
    /// <summary>Validates <paramref name="token"/> (the text after "Bearer ").</summary>
    ValueTask<TokenIdentity?> ValidateAsync(string token, CancellationToken cancellationToken);
}
