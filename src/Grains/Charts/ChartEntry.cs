namespace Fleet.Grains.Charts;

/// <summary>
/// One version of a chart a Helm repository offers: where to download it (URLs as the index gives them, relative or
/// absolute; an OCI reference for a registry) and the SHA-256 digest of the archive when the index gives one.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.ChartEntry")]
public sealed record ChartEntry
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Version { get; init; }
    [Id(2)] public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>The archive's SHA-256 as lowercase hex (no <c>sha256:</c> prefix), or null when the index has none.</summary>
    [Id(3)] public string? Digest { get; init; }
}

/// <summary>What a Helm repository offers: every chart's versions, as last read. Empty until the first good read.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ChartIndex")]
public sealed record ChartIndex
{
    /// <summary>The versions of each chart, by chart name.</summary>
    [Id(0)] public IReadOnlyDictionary<string, IReadOnlyList<ChartEntry>> Charts { get; init; } = new Dictionary<string, IReadOnlyList<ChartEntry>>();

    /// <summary>A hash of every chart, version and digest: the index's "revision", which moves when anything is published.</summary>
    [Id(1)] public string Fingerprint { get; init; } = "";

    /// <summary>How many chart versions the index lists.</summary>
    public int Count => Charts.Values.Sum(v => v.Count);
}
