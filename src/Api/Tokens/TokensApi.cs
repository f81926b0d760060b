using System.Security.Claims;
using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Projects;
using Fleet.Grains.Interfaces.Security;
using Fleet.Grains.Interfaces;
using Fleet.Kubernetes.Names;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Tokens;

/// <summary>
/// Body of POST /api/v1/tokens. <c>projects</c> limits the token to those projects' applications; left out, the
/// token reaches the whole fleet.
/// </summary>
public sealed record TokenRequest(string? Name, string? Role, int? ExpiresInDays, List<string>? Projects = null);

/// <summary>A token as GET /api/v1/tokens shows it: never its text or hash.</summary>
public sealed record TokenView(string Id, string Name, string Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? ExpiresAt,
    IReadOnlyList<string>? Projects = null)
{
    internal static TokenView Of(TokenRecord record) =>
        new(record.Id, record.Name, record.Role, record.CreatedAt, record.CreatedBy, record.ExpiresAt, record.Projects);
}

/// <summary>The answer to POST /api/v1/tokens: the only time the token's text is shown.</summary>
public sealed record CreatedTokenView(
    string Id, string Name, string Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? ExpiresAt, string Token,
    IReadOnlyList<string>? Projects = null);

/// <summary>/api/v1/tokens: make, list and revoke API tokens. Admin only.</summary>
public static class TokensApi
{
    /// <summary>The longest expiry a token may be given, in days (ten years).</summary>
    public const int MaxExpiresInDays = 3650;

    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/tokens").WithTags("Tokens").RequireAuthorization(FleetPolicies.Administer);
        group.MapPost("/", CreateAsync).WithName("CreateToken").WithSummary("Makes an API token; its text is shown in this answer only.");
        group.MapGet("/", ListAsync).WithName("ListTokens").WithSummary("Lists API tokens (names, roles, dates; never their text).");
        group.MapDelete("/{id}", RevokeAsync).WithName("RevokeToken")
            .WithSummary("Revokes an API token: at once on this silo, within the token cache lifetime (10 s) on the others.");
        return endpoints;
    }

    private static async Task<Results<Created<CreatedTokenView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        TokenRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var validation = new RequestValidation().Name("name", request.Name);
        if (!FleetRoles.IsKnown(request.Role))
        {
            validation.Add("role", $"\"{request.Role}\" must be one of {string.Join(", ", FleetRoles.All)}");
        }
        if (request.ExpiresInDays is < 1 or > MaxExpiresInDays)
        {
            validation.Add("expiresInDays", $"must be between 1 and {MaxExpiresInDays} days, or left out for a token that does not expire");
        }
        if (request.Projects is { Count: 0 })
        {
            validation.Add("projects", "name at least one project, or leave it out for a token of the whole fleet");
        }
        foreach (var (project, i) in (request.Projects ?? []).Select((p, i) => (p, i)))
        {
            validation.Name($"projects[{i}]", project);
            if (NameRules.IsDns1123Label(project) && await grains.GetGrain<IProjectGrain>(project).GetAsync() is null)
            {
                validation.Add($"projects[{i}]", $"no project named \"{project}\" exists");
            }
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        DateTimeOffset? expiresAt = request.ExpiresInDays is { } days ? time.GetUtcNow().AddDays(days) : null;
        var issued = await grains.TokenRegistry()
            .CreateAsync(request.Name!, request.Role!, user.Identity?.Name ?? "unknown", expiresAt,
                request.Projects is null ? null : [.. request.Projects.Distinct(StringComparer.Ordinal)]);
        if (issued is null)
        {
            return Problems.Conflict($"A token named \"{request.Name}\" exists already; revoke it first or pick another name.");
        }
        var r = issued.Record;
        return TypedResults.Created($"/api/v1/tokens/{r.Id}",
            new CreatedTokenView(r.Id, r.Name, r.Role, r.CreatedAt, r.CreatedBy, r.ExpiresAt, issued.Token, r.Projects));
    }

    private static async Task<Ok<List<TokenView>>> ListAsync(IGrainFactory grains)
    {
        var records = await grains.TokenRegistry().ListAsync();
        return TypedResults.Ok(records.Select(TokenView.Of).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, IGrainFactory grains, TokenValidator validator)
    {
        var revoked = await grains.TokenRegistry().RevokeAsync(id);
        if (revoked is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Token not found",
                detail: $"No token with id \"{id}\" exists.");
        }
        validator.Forget(revoked.Sha256);
        return TypedResults.NoContent();
    }
}
