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
/// <remarks>
/// <c>type</c> is <c>git</c> (the default) or <c>helm</c>: a Helm repository at an <c>http(s)://</c> URL serving
/// index.yaml, or an OCI registry at <c>oci://host[:port]/path</c> (<c>insecure</c>: plain HTTP, for a registry on
/// loopback). A Helm repository has no branch or webhook secret.
/// </remarks>
public sealed record RepositoryRequest(string? Url, string? Branch, int? PollIntervalSeconds, string? Username, string? Password, string? WebhookSecret = null,
    string? Type = null, bool? Insecure = null);

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
        var type = request.Type ?? RepositoryTypes.Git;
        if (type is not (RepositoryTypes.Git or RepositoryTypes.Helm))
        {
            validation.Add("type", $"\"{request.Type}\" is not a repository type: git or helm");
        }
        else if (type == RepositoryTypes.Helm)
        {
            HelmRepositoryProblems(validation, request);
        }
        if (type == RepositoryTypes.Git)
        {
            if (!string.IsNullOrWhiteSpace(request.Url) && !IsGitUrl(request.Url))
            {
                validation.Add("url", $"\"{request.Url}\" must be an https://, http://, git://, ssh:// or file:// URL, user@host:path, or an absolute local path");
            }
            else if (!string.IsNullOrWhiteSpace(request.Url) && HasCredentials(request.Url))
            {
                // The URL is shown to every viewer and written to logs; the message does not repeat it.
                validation.Add("url", "must not carry credentials: put credentials in username/password, which are stored encrypted");
            }
        }
        if (request.PollIntervalSeconds is < 5 or > 86_400)
        {
            validation.Add("pollIntervalSeconds", "must be between 5 and 86400");
        }
        if (request.Branch is { } branch && (branch.Length == 0 || branch.Contains("..", StringComparison.Ordinal) || branch.Any(char.IsWhiteSpace)))
        {
            validation.Add("branch", $"\"{branch}\" is not a valid branch name");
        }
        if (request.Insecure == true && type == RepositoryTypes.Git)
        {
            validation.Add("insecure", "is only for a Helm repository at an oci:// URL (plain HTTP to a registry on loopback)");
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
            Branch = type == RepositoryTypes.Helm ? "" : request.Branch ?? "main",
            PollIntervalSeconds = request.PollIntervalSeconds ?? 30,
            Username = request.Username,
            Password = request.Password,
            WebhookSecret = request.WebhookSecret,
            Type = type,
            Insecure = request.Insecure ?? false,
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

    private static void HelmRepositoryProblems(RequestValidation validation, RepositoryRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Url))
        {
            var oci = request.Url.StartsWith("oci://", StringComparison.OrdinalIgnoreCase);
            if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "oci") || string.IsNullOrEmpty(uri.Host)
                || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                validation.Add("url", $"\"{request.Url}\" must be an http(s):// URL of a Helm repository (the folder of its index.yaml) or oci://host[:port]/path of a registry");
            }
            else if (uri.UserInfo.Length > 0)
            {
                validation.Add("url", "must not carry credentials: put credentials in username/password, which are stored encrypted");
            }
            else if (request.Insecure == true && !oci)
            {
                validation.Add("insecure", "is only for an oci:// registry; an http:// repository URL already says plain HTTP");
            }
        }
        if (request.Branch is not null)
        {
            validation.Add("branch", "is not used by a Helm repository: each application names its chart and version");
        }
        if (request.WebhookSecret is not null)
        {
            validation.Add("webhookSecret", "is not used by a Helm repository: refresh it with POST /api/v1/repositories/{name}/refresh");
        }
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
