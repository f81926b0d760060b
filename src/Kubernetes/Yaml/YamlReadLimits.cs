namespace Fleet.Kubernetes.Yaml;

/// <summary>
/// How far one YAML stream may expand. Aliases copy what their anchor holds each time they are used, so a few lines
/// can stand for gigabytes ("billion laughs"); both limits count every copy.
/// </summary>
public sealed record YamlReadLimits
{
    /// <summary>The limits used when the caller gives none: a million values, 16 MiB of keys and scalars.</summary>
    public static readonly YamlReadLimits Default = new();

    /// <summary>The most values (scalars, lists, mappings) the stream may expand to.</summary>
    public int MaxNodes { get; init; } = 1_000_000;

    /// <summary>The most bytes (UTF-8) of keys and scalar values the stream may expand to.</summary>
    public long MaxExpandedBytes { get; init; } = 16L * 1024 * 1024;
}
