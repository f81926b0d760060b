using Fleet.Engine.Status;

namespace Fleet.Grains.Interfaces.ImageAutomation;

/// <summary>How tags are ordered to find the latest one.</summary>
public enum TagOrder
{
    /// <summary>The last tag in ascending order is the latest (Flux's default).</summary>
    Asc = 0,

    /// <summary>The first tag in ascending order is the latest.</summary>
    Desc = 1,
}

/// <summary>Which tags a policy accepts and which of them is the latest; exactly one of the three rules is set.</summary>
[GenerateSerializer, Immutable, Alias("fleet.TagRule")]
public sealed record TagRule
{
    /// <summary>A semantic version range (<c>&gt;=1.0.0 &lt;2.0.0</c>, <c>^1.2</c>, <c>~1.2.3</c>, <c>1.x</c>); the highest matching version wins.</summary>
    [Id(0)] public string? SemverRange { get; init; }

    /// <summary>Tags ordered as text (ordinal), in <see cref="Order"/>.</summary>
    [Id(1)] public bool Alphabetical { get; init; }

    /// <summary>Tags ordered as numbers (non-numeric tags are skipped), in <see cref="Order"/>.</summary>
    [Id(2)] public bool Numerical { get; init; }
    [Id(3)] public TagOrder Order { get; init; } = TagOrder.Asc;
}

/// <summary>Tags kept before ordering: those matching <see cref="Pattern"/>, ordered by the value <see cref="Extract"/> makes of the match.</summary>
[GenerateSerializer, Immutable, Alias("fleet.TagFilter")]
public sealed record TagFilter
{
    /// <summary>A regular expression; Go's <c>(?P&lt;name&gt;…)</c> groups are accepted as in Flux.</summary>
    [Id(0)] public required string Pattern { get; init; }

    /// <summary>What to order by, with <c>$name</c>, <c>${name}</c> or <c>$1</c> for groups; the whole tag when null.</summary>
    [Id(1)] public string? Extract { get; init; }
}

/// <summary>An image policy as registered.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ImagePolicySpec")]
public sealed record ImagePolicySpec
{
    [Id(0)] public required string ImageRepository { get; init; }
    [Id(1)] public required TagRule Rule { get; init; }
    [Id(2)] public TagFilter? FilterTags { get; init; }
}

/// <summary>An image policy as the API shows it, with the latest accepted tag.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ImagePolicyView")]
public sealed record ImagePolicyView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ImagePolicySpec Spec { get; init; }

    /// <summary>The image of the policy's image repository (null until that repository is registered).</summary>
    [Id(2)] public string? Image { get; init; }

    /// <summary>The latest accepted tag, or null when no tag is accepted (yet).</summary>
    [Id(3)] public string? LatestTag { get; init; }

    /// <summary>The tag before the last change.</summary>
    [Id(4)] public string? PreviousTag { get; init; }

    /// <summary><see cref="Image"/>:<see cref="LatestTag"/>, what a whole-reference marker is rewritten to.</summary>
    [Id(5)] public string? LatestImage { get; init; }
    [Id(6)] public IReadOnlyList<Condition> Conditions { get; init; } = [];
}
