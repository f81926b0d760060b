using System.Text.Json;
using Fleet.Api.Telemetry;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Fleet.Api.Webhooks;

/// <summary>
/// /api/v1/webhooks: Git push notifications from GitHub, GitLab or anything that can sign a small JSON body. A push
/// is mapped by normalised remote URL and branch to the registered repositories, checked against their webhook
/// secrets, and the repositories it proves itself to refresh at once instead of waiting for their next poll.
/// </summary>
public static partial class WebhooksApi
{
    /// <summary>Largest body accepted (GitHub caps its payloads at 25 MB, but pushes Fleet cares about are small).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const string Sha256Prefix = "sha256=";

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous on purpose: providers send no bearer token; the signature or token of a registered repository
        // authenticates each delivery, and nothing happens before it verifies.
        var group = endpoints.MapGroup("/api/v1/webhooks").WithTags("Webhooks").AllowAnonymous();
        group.MapPost("/github", GitHubAsync).WithName("GitHubWebhook")
            .WithSummary("GitHub push (X-Hub-Signature-256); ping answers 200.");
        group.MapPost("/gitlab", GitLabAsync).WithName("GitLabWebhook")
            .WithSummary("GitLab push hook (X-Gitlab-Token).");
        group.MapPost("/generic", GenericAsync).WithName("GenericWebhook")
            .WithSummary("{\"url\", \"branch\"} signed with X-Fleet-Signature: sha256=<hex HMAC-SHA256 of the body>.");
        return endpoints;
    }

    private static async Task<IResult> GitHubAsync(HttpContext context, IGrainFactory grains, WebhookMetrics metrics, ILoggerFactory loggers)
    {
        const string provider = "github";
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return Reject(metrics, provider, "too_large", TooLarge());
        }
        var kind = context.Request.Headers["X-GitHub-Event"].ToString();
        if (kind == "ping")
        {
            // GitHub's hello when a hook is created: nothing to trigger, so nothing to authenticate.
            metrics.Received(provider, "ping");
            return TypedResults.Ok(new { message = "pong" });
        }
        if (Signature(context.Request.Headers["X-Hub-Signature-256"].ToString()) is not { } signature)
        {
            return Reject(metrics, provider, "unauthorized", Unauthorized("X-Hub-Signature-256 header with sha256=<hex HMAC> is required."));
        }
        if (kind != "push")
        {
            metrics.Received(provider, "ignored");
            return TypedResults.Accepted((string?)null, new WebhookResult(0, []));
        }
        if (Parse(body) is not { } root)
        {
            return Reject(metrics, provider, "invalid", Invalid("The body is not a JSON object."));
        }
        return await DispatchAsync(provider, WebhookPayloads.GitHub(root),
            new WebhookProof { Kind = WebhookProofKind.HmacSha256, Value = signature, Body = body }, grains, metrics, loggers);
    }

    private static async Task<IResult> GitLabAsync(HttpContext context, IGrainFactory grains, WebhookMetrics metrics, ILoggerFactory loggers)
    {
        const string provider = "gitlab";
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return Reject(metrics, provider, "too_large", TooLarge());
        }
        var token = context.Request.Headers["X-Gitlab-Token"].ToString();
        if (token.Length == 0)
        {
            return Reject(metrics, provider, "unauthorized", Unauthorized("X-Gitlab-Token header is required."));
        }
        if (context.Request.Headers["X-Gitlab-Event"].ToString() is var kind && kind.Length > 0 && kind != "Push Hook")
        {
            metrics.Received(provider, "ignored");
            return TypedResults.Accepted((string?)null, new WebhookResult(0, []));
        }
        if (Parse(body) is not { } root)
        {
            return Reject(metrics, provider, "invalid", Invalid("The body is not a JSON object."));
        }
        return await DispatchAsync(provider, WebhookPayloads.GitLab(root),
            new WebhookProof { Kind = WebhookProofKind.Token, Value = token }, grains, metrics, loggers);
    }

    private static async Task<IResult> GenericAsync(HttpContext context, IGrainFactory grains, WebhookMetrics metrics, ILoggerFactory loggers)
    {
        const string provider = "generic";
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return Reject(metrics, provider, "too_large", TooLarge());
        }
        if (Signature(context.Request.Headers["X-Fleet-Signature"].ToString()) is not { } signature)
        {
            return Reject(metrics, provider, "unauthorized", Unauthorized("X-Fleet-Signature header with sha256=<hex HMAC> is required."));
        }
        if (Parse(body) is not { } root)
        {
            return Reject(metrics, provider, "invalid", Invalid("The body is not a JSON object."));
        }
        var push = WebhookPayloads.Generic(root);
        if (push.Urls.Count == 0)
        {
            return Reject(metrics, provider, "invalid", TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["url"] = ["is required"] }));
        }
        return await DispatchAsync(provider, push,
            new WebhookProof { Kind = WebhookProofKind.HmacSha256, Value = signature, Body = body }, grains, metrics, loggers);
    }

    private static async Task<IResult> DispatchAsync(string provider, WebhookPush push, WebhookProof proof,
        IGrainFactory grains, WebhookMetrics metrics, ILoggerFactory loggers)
    {
        var candidates = await grains.RepositoryIndex().FindAsync(push.Urls);
        if (candidates.Count == 0)
        {
            // No registered repository has this remote: answered exactly as a bad signature, so that an anonymous
            // caller cannot probe which remotes Fleet knows.
            return Reject(metrics, provider, "unmatched", Unauthorized(NoMatchingSignature));
        }
        var onBranch = candidates.Where(c => push.AnyBranch || c.Branch == push.Branch).ToList();
        var verified = new List<string>();
        foreach (var candidate in onBranch)
        {
            // Each repository is refreshed only on a proof of its own secret.
            if (await grains.GetGrain<IRepositoryGrain>(candidate.Name).VerifyWebhookAsync(proof))
            {
                verified.Add(candidate.Name);
            }
        }
        if (verified.Count == 0 && !await AnyVerifiesAsync(grains, candidates.Except(onBranch), proof))
        {
            return Reject(metrics, provider, "unauthorized", Unauthorized(NoMatchingSignature));
        }
        var logger = loggers.CreateLogger("Fleet.Api.Webhooks");
        verified.Sort(StringComparer.Ordinal);
        foreach (var name in verified)
        {
            // Answer at once: providers time out after a few seconds, a fetch may take longer.
            _ = RefreshAsync(grains, name, logger);
        }
        LogAccepted(logger, provider, verified.Count);
        metrics.Received(provider, verified.Count > 0 ? "refreshed" : "unmatched");
        return TypedResults.Accepted((string?)null, new WebhookResult(verified.Count, verified));
    }

    private static async Task<bool> AnyVerifiesAsync(IGrainFactory grains, IEnumerable<RepositoryMatch> candidates, WebhookProof proof)
    {
        foreach (var candidate in candidates)
        {
            if (await grains.GetGrain<IRepositoryGrain>(candidate.Name).VerifyWebhookAsync(proof))
            {
                return true;
            }
        }
        return false;
    }

    private static async Task RefreshAsync(IGrainFactory grains, string name, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IRepositoryGrain>(name).RefreshAsync();
        }
        catch (Exception e)
        {
            LogRefreshFailed(logger, name, e.GetType().Name);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static JsonElement? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Signature(string header) =>
        header.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase) && header.Length > Sha256Prefix.Length ? header[Sha256Prefix.Length..] : null;

    private static IResult Reject(WebhookMetrics metrics, string provider, string result, IResult answer)
    {
        metrics.Received(provider, result);
        return answer;
    }

    private const string NoMatchingSignature = "The signature matches no registered repository with this remote.";

    private static IResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Webhook not authenticated", detail: detail);

    private static IResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid webhook payload", detail: detail);

    private static IResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
            detail: $"Webhook bodies are limited to {MaxBodyBytes} bytes.");

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Webhook from {Provider} refreshes {Count} repositories")]
    private static partial void LogAccepted(ILogger logger, string provider, int count);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Refreshing repository {Repository} after a webhook failed ({Error})")]
    private static partial void LogRefreshFailed(ILogger logger, string repository, string error);
}
