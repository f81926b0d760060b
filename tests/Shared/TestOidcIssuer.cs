using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Fleet.Tests.Shared;

/// <summary>
/// A tiny OpenID Connect provider on loopback (Kestrel), shared by the silo and web tests (linked into both): a
/// discovery document, the JWKS of one RSA key, tokens minted with that key, and the authorization code flow for a
/// browser: <c>/authorize</c> approves the configured <see cref="User"/> at once (or refuses when
/// <see cref="DenyAuthorization"/>), and <c>/token</c> trades a code for an ID token only with the PKCE verifier,
/// redirect URI and client id the code was issued for.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private const string KeyId = "test-key-1";
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public string Authority { get; private set; } = "";

    /// <summary>Who <c>/authorize</c> signs in, with their groups.</summary>
    public (string Name, string[] Groups) User { get; set; } = ("test-user", []);

    /// <summary>When true, <c>/authorize</c> answers <c>error=access_denied</c>, as when a user declines.</summary>
    public bool DenyAuthorization { get; set; }

    /// <summary>How many codes were traded for tokens (proves the browser went through the provider).</summary>
    public int TokensIssued => _tokensIssued;

    private int _tokensIssued;

    private sealed record Grant(string ClientId, string RedirectUri, string? Nonce, string Challenge, string User, string[] Groups);

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var issuer = new TestOidcIssuer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer.Authority,
            ["jwks_uri"] = issuer.Authority + "/jwks",
            ["authorization_endpoint"] = issuer.Authority + "/authorize",
            ["token_endpoint"] = issuer.Authority + "/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var parameters = issuer._rsa.ExportParameters(includePrivateParameters: false);
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = KeyId,
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        });
        app.MapGet("/authorize", issuer.Authorize);
        app.MapPost("/token", issuer.TokenAsync);
        await app.StartAsync();
        issuer._app = app;
        issuer.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return issuer;
    }

    /// <summary>A signed token for <paramref name="user"/> in <paramref name="groups"/>, issued for <paramref name="audience"/>.</summary>
    public string Mint(string user, string audience, params string[] groups) => Mint(user, audience, nonce: null, groups);

    private string Mint(string user, string audience, string? nonce, string[] groups)
    {
        var claims = new List<Claim> { new("sub", user), new("preferred_username", user) };
        claims.AddRange(groups.Select(g => new Claim("groups", g)));
        if (nonce is not null)
        {
            claims.Add(new Claim("nonce", nonce));
        }
        var handler = new JwtSecurityTokenHandler();
        return handler.CreateEncodedJwt(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            IssuedAt = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        var redirect = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out _) || string.IsNullOrEmpty(query["client_id"]))
        {
            return Results.BadRequest("redirect_uri and client_id are required");
        }
        if (DenyAuthorization)
        {
            return Results.Redirect($"{redirect}?error=access_denied&state={Uri.EscapeDataString(state)}");
        }
        if (query["response_type"] != "code" || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
        {
            return Results.Redirect($"{redirect}?error=invalid_request&error_description=code+flow+with+S256+PKCE+only&state={Uri.EscapeDataString(state)}");
        }
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        var (name, groups) = User;
        _grants[code] = new Grant(query["client_id"].ToString(), redirect, query["nonce"], query["code_challenge"].ToString(), name, groups);
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        // A code is good once, for the client, redirect URI and PKCE verifier it was issued with.
        if (form["grant_type"] != "authorization_code" || !_grants.TryRemove(form["code"].ToString(), out var grant))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (verifier.Length == 0 || challenge != grant.Challenge || form["redirect_uri"] != grant.RedirectUri || form["client_id"] != grant.ClientId)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "verifier, redirect_uri or client_id does not match the code" }, statusCode: 400);
        }
        Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new Dictionary<string, object>
        {
            ["id_token"] = Mint(grant.User, grant.ClientId, grant.Nonce, grant.Groups),
            ["access_token"] = Mint(grant.User, grant.ClientId, nonce: null, grant.Groups),
            ["token_type"] = "Bearer",
            ["expires_in"] = 600,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _rsa.Dispose();
    }
}
