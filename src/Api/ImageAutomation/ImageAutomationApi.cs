using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Engine.ImageAutomation;
using Fleet.Engine.Versions;
using Fleet.Grains.Interfaces.ImageAutomation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Api.ImageAutomation;

/// <summary>
/// /api/v1/imagerepositories, /api/v1/imagepolicies and /api/v1/imageupdates. Access follows the repositories API:
/// registering and removing is for admins (image repositories hold registry credentials, image updates push to Git
/// with the repository's credentials), scanning or running at once for operators, reading for viewers.
/// </summary>
public static class ImageAutomationApi
{
    public static IEndpointRouteBuilder MapImageAutomationApi(this IEndpointRouteBuilder endpoints)
    {
        var repositories = endpoints.MapGroup("/api/v1/imagerepositories").WithTags("Image automation");
        repositories.MapPut("/{name}", PutRepositoryAsync).WithName("PutImageRepository").WithSummary("Registers an image repository or replaces its spec, then scans it.")
            .RequireAuthorization(FleetPolicies.Administer);
        repositories.MapGet("/", ListRepositoriesAsync).WithName("ListImageRepositories").WithSummary("Lists image repositories.")
            .RequireAuthorization(FleetPolicies.Read);
        repositories.MapGet("/{name}", GetRepositoryAsync).WithName("GetImageRepository").WithSummary("Reads an image repository and its last scan.")
            .RequireAuthorization(FleetPolicies.Read);
        repositories.MapPost("/{name}/scan", ScanRepositoryAsync).WithName("ScanImageRepository").WithSummary("Lists the registry's tags now.")
            .RequireAuthorization(FleetPolicies.Operate);
        repositories.MapDelete("/{name}", DeleteRepositoryAsync).WithName("DeleteImageRepository").WithSummary("Unregisters an image repository.")
            .RequireAuthorization(FleetPolicies.Administer);

        var policies = endpoints.MapGroup("/api/v1/imagepolicies").WithTags("Image automation");
        policies.MapPut("/{name}", PutPolicyAsync).WithName("PutImagePolicy").WithSummary("Registers an image policy or replaces its spec.")
            .RequireAuthorization(FleetPolicies.Administer);
        policies.MapGet("/", ListPoliciesAsync).WithName("ListImagePolicies").WithSummary("Lists image policies with their latest tags.")
            .RequireAuthorization(FleetPolicies.Read);
        policies.MapGet("/{name}", GetPolicyAsync).WithName("GetImagePolicy").WithSummary("Reads an image policy and its latest tag.")
            .RequireAuthorization(FleetPolicies.Read);
        policies.MapDelete("/{name}", DeletePolicyAsync).WithName("DeleteImagePolicy").WithSummary("Unregisters an image policy.")
            .RequireAuthorization(FleetPolicies.Administer);

        var updates = endpoints.MapGroup("/api/v1/imageupdates").WithTags("Image automation");
        updates.MapPut("/{name}", PutUpdateAsync).WithName("PutImageUpdate").WithSummary("Registers an image update or replaces its spec, then runs it.")
            .RequireAuthorization(FleetPolicies.Administer);
        updates.MapGet("/", ListUpdatesAsync).WithName("ListImageUpdates").WithSummary("Lists image updates with their last push.")
            .RequireAuthorization(FleetPolicies.Read);
        updates.MapGet("/{name}", GetUpdateAsync).WithName("GetImageUpdate").WithSummary("Reads an image update and its last push.")
            .RequireAuthorization(FleetPolicies.Read);
        updates.MapPost("/{name}/run", RunUpdateAsync).WithName("RunImageUpdate").WithSummary("Rewrites, commits and pushes now if anything changed.")
            .RequireAuthorization(FleetPolicies.Operate);
        updates.MapDelete("/{name}", DeleteUpdateAsync).WithName("DeleteImageUpdate").WithSummary("Unregisters an image update.")
            .RequireAuthorization(FleetPolicies.Administer);
        return endpoints;
    }

    private static async Task<Results<Ok<ImageRepositoryView>, ValidationProblem>> PutRepositoryAsync(string name, ImageRepositoryRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name).Required("image", request.Image);
        if (!string.IsNullOrWhiteSpace(request.Image) && ImageReference.TryParse(request.Image) is null)
        {
            validation.Add("image", $"\"{request.Image}\" must be an image name without tag or digest, such as registry.example.com/team/web (lowercase path)");
        }
        if (request.IntervalSeconds is < 5 or > 86_400)
        {
            validation.Add("intervalSeconds", "must be between 5 and 86400");
        }
        if (request.Password is not null && string.IsNullOrEmpty(request.Username))
        {
            validation.Add("username", "is required with a password");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var view = await grains.GetGrain<IImageRepositoryGrain>(name).RegisterAsync(new ImageRepositorySpec
        {
            Image = request.Image!.Trim(),
            IntervalSeconds = request.IntervalSeconds ?? 60,
            Username = request.Username,
            Password = request.Password,
            Insecure = request.Insecure ?? false,
        });
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<List<ImageRepositoryView>>> ListRepositoriesAsync(IGrainFactory grains)
    {
        var names = await grains.ImageAutomationDirectory().GetRepositoriesAsync();
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IImageRepositoryGrain>(n).GetAsync()));
        return TypedResults.Ok(views.OfType<ImageRepositoryView>().ToList());
    }

    private static async Task<Results<Ok<ImageRepositoryView>, ProblemHttpResult>> GetRepositoryAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IImageRepositoryGrain>(name).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("image repository", name);

    private static async Task<Results<Ok<ImageRepositoryView>, ProblemHttpResult>> ScanRepositoryAsync(string name, IGrainFactory grains)
    {
        var repository = grains.GetGrain<IImageRepositoryGrain>(name);
        return await repository.GetAsync() is null ? Problems.NotFound("image repository", name) : TypedResults.Ok(await repository.ScanAsync());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRepositoryAsync(string name, IGrainFactory grains)
    {
        var repository = grains.GetGrain<IImageRepositoryGrain>(name);
        if (await repository.GetAsync() is null)
        {
            return Problems.NotFound("image repository", name);
        }
        await repository.UnregisterAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ImagePolicyResponse>, ValidationProblem>> PutPolicyAsync(string name, ImagePolicyRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name).Name("imageRepository", request.ImageRepository);
        var rule = Rule(request.Policy, validation);
        TagFilter? filter = null;
        if (request.FilterTags is { } filterTags)
        {
            if (string.IsNullOrEmpty(filterTags.Pattern))
            {
                validation.Add("filterTags.pattern", "is required");
            }
            else
            {
                filter = new TagFilter { Pattern = filterTags.Pattern, Extract = string.IsNullOrEmpty(filterTags.Extract) ? null : filterTags.Extract };
            }
        }
        if (rule?.SemverRange is { } range && SemverRange.Problem(range) is { } rangeProblem)
        {
            validation.Add("policy.semver.range", rangeProblem);
        }
        if (filter is not null && TagPattern.Problem(filter.Pattern) is { } patternProblem)
        {
            validation.Add("filterTags.pattern", patternProblem);
        }
        if (!validation.IsValid || rule is null)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var view = await grains.GetGrain<IImagePolicyGrain>(name).RegisterAsync(new ImagePolicySpec
        {
            ImageRepository = request.ImageRepository!,
            Rule = rule,
            FilterTags = filter,
        });
        return TypedResults.Ok(ImagePolicyResponse.From(view));
    }

    /// <summary>The rule of a request, or null with the reason added to <paramref name="validation"/>.</summary>
    private static TagRule? Rule(PolicyChoice? policy, RequestValidation validation)
    {
        var chosen = (policy?.Semver is null ? 0 : 1) + (policy?.Alphabetical is null ? 0 : 1) + (policy?.Numerical is null ? 0 : 1);
        if (policy is null || chosen != 1)
        {
            validation.Add("policy", "must set exactly one of semver, alphabetical or numerical");
            return null;
        }
        if (policy.Semver is { } semver)
        {
            if (string.IsNullOrWhiteSpace(semver.Range))
            {
                validation.Add("policy.semver.range", "is required");
                return null;
            }
            return new TagRule { SemverRange = semver.Range.Trim() };
        }
        var (field, order) = policy.Alphabetical is { } a ? ("policy.alphabetical.order", a.Order) : ("policy.numerical.order", policy.Numerical!.Order);
        TagOrder? parsed = order?.ToLowerInvariant() switch
        {
            null or "asc" => TagOrder.Asc,
            "desc" => TagOrder.Desc,
            _ => null,
        };
        if (parsed is null)
        {
            validation.Add(field, $"\"{order}\" must be asc or desc");
            return null;
        }
        return new TagRule { Alphabetical = policy.Alphabetical is not null, Numerical = policy.Numerical is not null, Order = parsed.Value };
    }

    private static async Task<Ok<List<ImagePolicyResponse>>> ListPoliciesAsync(IGrainFactory grains)
    {
        var names = await grains.ImageAutomationDirectory().GetPoliciesAsync();
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IImagePolicyGrain>(n).GetAsync()));
        return TypedResults.Ok(views.OfType<ImagePolicyView>().Select(ImagePolicyResponse.From).ToList());
    }

    private static async Task<Results<Ok<ImagePolicyResponse>, ProblemHttpResult>> GetPolicyAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IImagePolicyGrain>(name).GetAsync() is { } view ? TypedResults.Ok(ImagePolicyResponse.From(view)) : Problems.NotFound("image policy", name);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeletePolicyAsync(string name, IGrainFactory grains)
    {
        var policy = grains.GetGrain<IImagePolicyGrain>(name);
        if (await policy.GetAsync() is null)
        {
            return Problems.NotFound("image policy", name);
        }
        await policy.UnregisterAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ImageUpdateView>, ValidationProblem>> PutUpdateAsync(string name, ImageUpdateRequest request, IGrainFactory grains)
    {
        var validation = new RequestValidation().Name("name", name).Name("repository", request.Repository);
        Branch(validation, "branch", request.Branch);
        Branch(validation, "pushBranch", request.PushBranch);
        var path = (request.Path ?? "").Replace('\\', '/').Trim().Trim('/');
        if (path.Split('/').Any(part => part == "..") || Path.IsPathRooted(request.Path ?? ""))
        {
            validation.Add("path", "must be a folder inside the repository (relative, without '..')");
        }
        validation.Required("author.name", request.Author?.Name);
        if (string.IsNullOrWhiteSpace(request.Author?.Email) || !request.Author.Email.Contains('@', StringComparison.Ordinal) || request.Author.Email.Any(char.IsWhiteSpace))
        {
            validation.Add("author.email", "must be an e-mail address");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        var view = await grains.GetGrain<IImageUpdateGrain>(name).RegisterAsync(new ImageUpdateSpec
        {
            Repository = request.Repository!,
            Branch = request.Branch ?? "main",
            Path = path,
            Author = new CommitAuthor { Name = request.Author!.Name!.Trim(), Email = request.Author.Email!.Trim() },
            PushBranch = request.PushBranch,
        });
        return TypedResults.Ok(view);
    }

    private static void Branch(RequestValidation validation, string field, string? branch)
    {
        if (branch is not null && (branch.Length == 0 || branch.Contains("..", StringComparison.Ordinal) || branch.Any(char.IsWhiteSpace)
            || branch.StartsWith('-') || branch.Contains(':', StringComparison.Ordinal) || branch.StartsWith("refs/", StringComparison.Ordinal)))
        {
            validation.Add(field, $"\"{branch}\" is not a valid branch name");
        }
    }

    private static async Task<Ok<List<ImageUpdateView>>> ListUpdatesAsync(IGrainFactory grains)
    {
        var names = await grains.ImageAutomationDirectory().GetUpdatesAsync();
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IImageUpdateGrain>(n).GetAsync()));
        return TypedResults.Ok(views.OfType<ImageUpdateView>().ToList());
    }

    private static async Task<Results<Ok<ImageUpdateView>, ProblemHttpResult>> GetUpdateAsync(string name, IGrainFactory grains) =>
        await grains.GetGrain<IImageUpdateGrain>(name).GetAsync() is { } view ? TypedResults.Ok(view) : Problems.NotFound("image update", name);

    private static async Task<Results<Ok<ImageUpdateView>, ProblemHttpResult>> RunUpdateAsync(string name, IGrainFactory grains)
    {
        var update = grains.GetGrain<IImageUpdateGrain>(name);
        return await update.GetAsync() is null ? Problems.NotFound("image update", name) : TypedResults.Ok(await update.RunAsync());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteUpdateAsync(string name, IGrainFactory grains)
    {
        var update = grains.GetGrain<IImageUpdateGrain>(name);
        if (await update.GetAsync() is null)
        {
            return Problems.NotFound("image update", name);
        }
        await update.UnregisterAsync();
        return TypedResults.NoContent();
    }
}
