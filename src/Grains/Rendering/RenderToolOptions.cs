namespace Fleet.Grains.Rendering;

/// <summary>How a rendering tool (Kustomize, helm) is found and bounded.</summary>
public abstract class RenderToolOptions
{
    /// <summary>
    /// The directories to look for the tool in, PATH-style. Null means the process's own PATH.
    /// </summary>
    public string? SearchPath { get; init; }

    /// <summary>How long one render may take before the process is killed. Sixty seconds unless set.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most output (characters of YAML) read from one render before the process is killed and the render refused.
    /// 64 MiB unless set.
    /// </summary>
    public int MaxOutputChars { get; init; } = 64 * 1024 * 1024;
}
