using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.Repositories;

/// <summary>
/// Body of PUT /api/v1/repositories/{name}. Password and webhook secret are write-only: stored encrypted, answered
/// only as hasCredentials / hasWebhookSecret.
/// </summary>
public sealed record RepositoryRequest(string? Url, string? Branch, int? PollIntervalSeconds, string? Username, string? Password, string? WebhookSecret = null);

/// <summary>/api/v1/repositories: register Git repositories, read their state, refresh them at once.</summary>
public static class RepositoriesApi
{
    public static IEndpointRouteBuilder MapRepositoriesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/repositories").WithTags("Repositories");
        group.MapPut("/{name}", PutAsync).WithName("PutRepository").WithSummary("Registers a repository or replaces its spec.")
            .RequireAuthorization(FleetPolicies.Administer);
        group.MapGet("/", ListAsync).WithName("ListRepositories").WithSummary("Lists repositories.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapGet("/{name}", GetAsync).WithName("GetRepository").WithSummary("Reads a repository and its last fetched revision.")
            .RequireAuthorization(FleetPolicies.Read);
        group.MapPost("/{name}/refresh", RefreshAsync).WithName("RefreshRepository").WithSummary("Checks the remote now.")
            .RequireAuthorization(FleetPolicies.Operate);
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteRepository").WithSummary("Unregisters a repository.")
            .RequireAuthorization(FleetPolicies.Administer);
        return endpoints;
    }

    private static async Task<Results<Ok<RepositoryView>, ValidationProblem>> PutAsync(string name, RepositoryRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name).Required("url", request.Url);
        if (!string.IsNullOrWhiteSpace(request.Url) && !IsGitUrl(request.Url))
        {
            validation.Add("url", $"\"{request.Url}\" must be an https://, http://, git://, ssh:// or file:// URL, user@host:path, or an absolute local path");
        }
        else if (!string.IsNullOrWhiteSpace(request.Url) && HasCredentials(request.Url))
        {
            // The URL is shown to every viewer and written to logs; the message does not repeat it.
            validation.Add("url", "must not carry credentials: put credentials in username/password, which are stored encrypted");
        }
        if (request.PollIntervalSeconds is < 5 or > 86_400)
        {
            validation.Add("pollIntervalSeconds", "must be between 5 and 86400");
        }
        if (request.Branch is { } branch && (branch.Length == 0 || branch.Contains("..", StringComparison.Ordinal) || branch.Any(char.IsWhiteSpace)))
        {
            validation.Add("branch", $"\"{branch}\" is not a valid branch name");
        }
        if (request.WebhookSecret is { } secret && (secret.Length is 0 or > 1024 || string.IsNullOrWhiteSpace(secret)))
        {
            validation.Add("webhookSecret", "must be between 1 and 1024 characters and not only whitespace");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var view = await grains.GetGrain<IRepositoryGrain>(name).RegisterAsync(new RepositorySpec
        {
            Url = request.Url!,
            Branch = request.Branch ?? "main",
            PollIntervalSeconds = request.PollIntervalSeconds ?? 30,
            Username = request.Username,
            Password = request.Password,
            WebhookSecret = request.WebhookSecret,
        });
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<List<RepositoryView>>> ListAsync(IGrainFactory grains)
    {
        var names = await grains.FleetDirectory().GetRepositoriesAsync();
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IRepositoryGrain>(n).GetAsync()));
        return TypedResults.Ok(views.OfType<RepositoryView>().ToList());
    }

    private static async Task<Results<Ok<RepositoryView>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IRepositoryGrain>(name).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("repository", name);

    private static async Task<Results<Ok<RepositoryView>, ProblemHttpResult>> RefreshAsync(string name, IGrainFactory grains)
    {
        var repository = grains.GetGrain<IRepositoryGrain>(name);
        if (await repository.GetAsync() is null)
        {
            return Problems.NotFound("repository", name);
        }
        return TypedResults.Ok(await repository.RefreshAsync());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IGrainFactory grains)
    {
        var repository = grains.GetGrain<IRepositoryGrain>(name);
        if (await repository.GetAsync() is null)
        {
            return Problems.NotFound("repository", name);
        }
        await repository.UnregisterAsync();
        return TypedResults.NoContent();
    }

    // User info in an http(s) or git URL is a credential; ssh's user (git@host) is a login name, unless it has a password.
    private static bool HasCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
        && (uri.Scheme is "https" or "http" or "git" || uri.UserInfo.Contains(':', StringComparison.Ordinal));

    private static bool IsGitUrl(string url) =>
        (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "git" or "ssh" or "file")
        || Path.IsPathRooted(url)
        || System.Text.RegularExpressions.Regex.IsMatch(url, "^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+$");
}
