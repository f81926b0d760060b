namespace Fleet.Grains.Rendering;

/// <summary>
/// How large a render may grow. A repository is untrusted input: without these caps a small file of YAML aliases, or
/// a directory of huge files, would exhaust a silo's memory for every cluster that renders it.
/// </summary>
public sealed class RenderLimits
{
    /// <summary>The most bytes one YAML or JSON file may hold, or expand to through aliases. 16 MiB unless set.</summary>
    public long MaxExpandedBytesPerFile { get; init; } = 16L * 1024 * 1024;

    /// <summary>The most bytes of objects (as JSON) one render may produce. 64 MiB unless set.</summary>
    public long MaxRenderBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most objects one render may produce. 10,000 unless set.</summary>
    public int MaxObjects { get; init; } = 10_000;
}
