namespace Fleet.Api.Webhooks;

/// <summary>Answer to an accepted webhook: how many repositories it refreshes, and which.</summary>
public sealed record WebhookResult(int Matched, IReadOnlyList<string> Repositories);

/// <summary>A push as the providers describe it: the remote's URLs and the branch (null: any branch).</summary>
internal sealed record WebhookPush(IReadOnlyList<string> Urls, string? Branch, bool AnyBranch = false);
