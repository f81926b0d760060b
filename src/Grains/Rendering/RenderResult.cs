namespace Fleet.Grains.Rendering;

/// <summary>
/// The outcome of rendering an application for one cluster. All or nothing: when <see cref="Errors"/> is not empty,
/// <see cref="Manifests"/> is empty, so a half-rendered application is never applied (or pruned against).
/// </summary>
/// <param name="Manifests">The rendered objects in source order.</param>
/// <param name="Errors">What went wrong; empty on success.</param>
public sealed record RenderResult(IReadOnlyList<RenderedManifest> Manifests, IReadOnlyList<RenderError> Errors)
{
    /// <summary>True when the render produced no errors.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>
    /// True when the rendered text referenced a cluster variable. When false, the same inputs render the same
    /// manifests for every cluster, so one cached render can serve them all.
    /// </summary>
    public bool UsesClusterVariables { get; init; }

    /// <summary>A failed render: no manifests, the given errors.</summary>
    public static RenderResult Failed(IReadOnlyList<RenderError> errors) => new([], errors);
}
