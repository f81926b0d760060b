namespace Fleet.Grains.Rendering;

/// <summary>How <see cref="KustomizeRunner"/> finds (<c>kustomize</c>, else <c>kubectl</c>) and bounds the Kustomize process.</summary>
public sealed class KustomizeRunnerOptions : RenderToolOptions;
