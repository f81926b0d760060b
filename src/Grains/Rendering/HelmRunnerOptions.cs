namespace Fleet.Grains.Rendering;

/// <summary>How <see cref="HelmRunner"/> finds (<c>helm</c>) and bounds the helm process.</summary>
public sealed class HelmRunnerOptions : RenderToolOptions;
