namespace Fleet.Api.Security;

/// <summary>
/// Optional sign-in with an OpenID Connect provider (configuration section "Fleet:Oidc"). When
/// <see cref="Authority"/> is set, bearer tokens that look like JWTs are validated against the provider and their
/// groups mapped to Fleet roles; other bearer tokens stay Fleet API tokens.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Oidc";

    /// <summary>The issuer URL; its /.well-known/openid-configuration names the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for (usually Fleet's client id).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that lists the caller's groups.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Group -> role (viewer, operator or admin). A caller gets the strongest role of its mapped groups, and none without one.</summary>
    public Dictionary<string, string> RoleMappings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the provider's metadata must come over HTTPS (turn off only for a local test issuer).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The client id the web UI signs browsers in with (authorization code flow); its ID tokens must name it as their audience. Defaults to <see cref="Audience"/>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The UI's client secret, for a provider that registers it as a confidential client (PKCE protects the code either way).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes the UI asks for; add the one that makes the provider put groups into the ID token if it needs one.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>The UI's client id: <see cref="ClientId"/> or else <see cref="Audience"/>.</summary>
    public string BrowserClientId => string.IsNullOrWhiteSpace(ClientId) ? Audience ?? "" : ClientId;

    /// <summary>Whether OIDC is configured at all.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>What is wrong with the configuration (nothing when OIDC is off).</summary>
    public IEnumerable<string> Problems()
    {
        if (!IsEnabled)
        {
            yield break;
        }
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            yield return $"{Section}:Authority \"{Authority}\" must be an absolute https URL";
        }
        else if (RequireHttpsMetadata && authority.Scheme != "https")
        {
            yield return $"{Section}:Authority must use https (or set {Section}:RequireHttpsMetadata to false for a local test issuer)";
        }
        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return $"{Section}:Audience is required: tokens issued for other clients must not be accepted";
        }
        if (string.IsNullOrWhiteSpace(GroupsClaim))
        {
            yield return $"{Section}:GroupsClaim must name a claim";
        }
        foreach (var (group, role) in RoleMappings.Where(m => !FleetRoles.IsKnown(m.Value)))
        {
            yield return $"{Section}:RoleMappings:{group} is \"{role}\"; it must be one of {string.Join(", ", FleetRoles.All)}";
        }
    }

    /// <summary>The strongest role that <paramref name="groups"/> map to, or null.</summary>
    public string? RoleFor(IEnumerable<string> groups)
    {
        var roles = groups.Select(g => RoleMappings.TryGetValue(g, out var role) ? role : null).Where(FleetRoles.IsKnown).ToHashSet();
        return FleetRoles.All.LastOrDefault(roles.Contains);
    }
}
