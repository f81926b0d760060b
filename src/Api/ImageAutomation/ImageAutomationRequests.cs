using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.ImageAutomation;

namespace Fleet.Api.ImageAutomation;

/// <summary>Body of PUT /api/v1/imagerepositories/{name}; the password is write-only (answered as hasCredentials).</summary>
public sealed record ImageRepositoryRequest(string? Image, int? IntervalSeconds, string? Username, string? Password, bool? Insecure);

/// <summary>A semver rule: <c>{ "range": "&gt;=1.0.0 &lt;2.0.0" }</c>.</summary>
public sealed record SemverPolicy(string? Range);

/// <summary>An ordering rule: <c>{ "order": "asc" | "desc" }</c> (asc when left out: the highest is the latest).</summary>
public sealed record OrderPolicy(string? Order);

/// <summary>Exactly one of the three rules, as in Flux's ImagePolicy.</summary>
public sealed record PolicyChoice(SemverPolicy? Semver, OrderPolicy? Alphabetical, OrderPolicy? Numerical);

/// <summary>Which tags to consider and what to order them by.</summary>
public sealed record FilterTagsRequest(string? Pattern, string? Extract);

/// <summary>Body of PUT /api/v1/imagepolicies/{name}.</summary>
public sealed record ImagePolicyRequest(string? ImageRepository, PolicyChoice? Policy, FilterTagsRequest? FilterTags);

/// <summary>An image policy as the API shows it: the spec in the request's shape, then the latest tag.</summary>
public sealed record ImagePolicyResponse(
    string Name,
    string ImageRepository,
    PolicyChoice Policy,
    FilterTagsRequest? FilterTags,
    string? Image,
    string? LatestTag,
    string? PreviousTag,
    string? LatestImage,
    IReadOnlyList<Condition> Conditions)
{
    public static ImagePolicyResponse From(ImagePolicyView view)
    {
        var rule = view.Spec.Rule;
        var order = new OrderPolicy(rule.Order == TagOrder.Asc ? "asc" : "desc");
        var policy = new PolicyChoice(
            rule.SemverRange is { } range ? new SemverPolicy(range) : null,
            rule.Alphabetical ? order : null,
            rule.Numerical ? order : null);
        var filter = view.Spec.FilterTags is { } f ? new FilterTagsRequest(f.Pattern, f.Extract) : null;
        return new ImagePolicyResponse(view.Name, view.Spec.ImageRepository, policy, filter, view.Image, view.LatestTag,
            view.PreviousTag, view.LatestImage, view.Conditions);
    }
}

/// <summary>The author of Fleet's commits.</summary>
public sealed record AuthorRequest(string? Name, string? Email);

/// <summary>Body of PUT /api/v1/imageupdates/{name}.</summary>
public sealed record ImageUpdateRequest(string? Repository, string? Branch, string? Path, AuthorRequest? Author, string? PushBranch);
