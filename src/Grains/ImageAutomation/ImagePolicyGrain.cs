using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.ImageAutomation;

namespace Fleet.Grains.ImageAutomation;

/// <summary>Persisted state of an image policy.</summary>
[GenerateSerializer]
public sealed class ImagePolicyState
{
    [Id(0)] public ImagePolicySpec? Spec { get; set; }
    [Id(1)] public string? Image { get; set; }
    [Id(2)] public string? Latest { get; set; }
    [Id(3)] public string? Previous { get; set; }
    [Id(4)] public Condition? Ready { get; set; }
}

/// <summary>
/// An image policy: evaluates its rule against its image repository's tags after every scan and keeps the latest
/// accepted tag. A change (of tag or image) is an event and tells every image update; an unchanged result writes
/// nothing. When no tag is accepted the last latest is kept and the condition says why.
/// </summary>
public sealed class ImagePolicyGrain(
    [PersistentState("image-policy", "fleet")] IPersistentState<ImagePolicyState> state,
    TimeProvider time) : Grain, IImagePolicyGrain
{
    private TagSelector? _selector;

    private string Name => this.GetPrimaryKeyString();

    public async Task<ImagePolicyView> RegisterAsync(ImagePolicySpec spec)
    {
        var selector = TagSelector.Create(spec.Rule, spec.FilterTags);
        var repositoryMoved = state.State.Spec is { } old && old.ImageRepository != spec.ImageRepository;
        state.State.Spec = spec;
        _selector = selector;
        if (repositoryMoved)
        {
            state.State.Image = null;
        }
        await state.WriteStateAsync();
        await GrainFactory.ImageAutomationDirectory().SetPolicyAsync(Name, spec.ImageRepository);
        var tags = await GrainFactory.GetGrain<IImageRepositoryGrain>(spec.ImageRepository).GetTagsAsync();
        await EvaluateCoreAsync(tags, forceWrite: true);
        return View();
    }

    public Task<ImagePolicyView?> GetAsync() => Task.FromResult(state.State.Spec is null ? null : View());

    public async Task<ImagePolicyView?> EvaluateAsync(ImageTags tags)
    {
        if (state.State.Spec is null)
        {
            return null;
        }
        await EvaluateCoreAsync(tags, forceWrite: false);
        return View();
    }

    public async Task UnregisterAsync()
    {
        await state.ClearStateAsync();
        state.State = new ImagePolicyState();
        await GrainFactory.ImageAutomationDirectory().RemovePolicyAsync(Name);
        DeactivateOnIdle();
    }

    private async Task EvaluateCoreAsync(ImageTags? tags, bool forceWrite)
    {
        var spec = state.State.Spec!;
        var now = time.GetUtcNow();
        var before = (state.State.Latest, state.State.Image, state.State.Ready?.Reason, state.State.Ready?.Message);
        if (tags is null)
        {
            state.State.Ready = ImageConditions.Ready(state.State.Ready, false, "ImageRepositoryNotFound",
                $"No image repository named \"{spec.ImageRepository}\" is registered.", now);
        }
        else if (!tags.Scanned)
        {
            state.State.Ready = ImageConditions.Ready(state.State.Ready, false, "WaitingForScan",
                $"Image repository {spec.ImageRepository} has not listed the tags of {tags.Image} yet.", now);
        }
        else
        {
            _selector ??= TagSelector.Create(spec.Rule, spec.FilterTags);
            var latest = _selector.Latest(tags.Tags);
            if (latest is null)
            {
                var kept = state.State.Latest is null ? "" : $" Keeping {state.State.Latest}.";
                state.State.Ready = ImageConditions.Ready(state.State.Ready, false, "NoTagAccepted",
                    $"None of the {tags.Tags.Count} tags of {tags.Image} is accepted by the policy.{kept}", now);
            }
            else
            {
                if (latest != state.State.Latest || tags.Image != state.State.Image)
                {
                    ImageEmit.PolicyChanged(this, Name, state.State.Latest, latest, tags.Image);
                    state.State.Previous = state.State.Latest;
                    state.State.Latest = latest;
                    state.State.Image = tags.Image;
                }
                state.State.Ready = ImageConditions.Ready(state.State.Ready, true, "LatestTagFound", $"Latest accepted tag of {tags.Image} is {latest}.", now);
            }
        }
        var changed = before.Latest != state.State.Latest || before.Image != state.State.Image;
        if (changed || forceWrite || before.Reason != state.State.Ready?.Reason || before.Message != state.State.Ready?.Message)
        {
            await state.WriteStateAsync();
        }
        if (changed)
        {
            // One-way: updates clone and push, which must not hold up the scan that told this policy.
            var updates = await GrainFactory.ImageAutomationDirectory().GetUpdatesAsync();
            foreach (var update in updates)
            {
                _ = GrainFactory.GetGrain<IImageUpdateGrain>(update).OnPolicyChangedAsync(Name);
            }
        }
    }

    private ImagePolicyView View() => new()
    {
        Name = Name,
        Spec = state.State.Spec!,
        Image = state.State.Image,
        LatestTag = state.State.Latest,
        PreviousTag = state.State.Previous,
        LatestImage = state.State.Image is { } image && state.State.Latest is { } tag ? $"{image}:{tag}" : null,
        Conditions = state.State.Ready is null ? [] : [state.State.Ready],
    };
}
