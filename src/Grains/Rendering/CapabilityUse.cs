using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Text;

namespace Fleet.Grains.Rendering;

/// <summary>
/// Which of the cluster's inputs a chart's render can depend on: <c>.Capabilities.KubeVersion</c> (or a
/// <c>kubeVersion</c> constraint in a Chart.yaml) and <c>.Capabilities.APIVersions</c>. A render cache keys a chart
/// render by exactly these, so clusters that differ only in what the chart never reads share one render.
/// </summary>
/// <param name="KubeVersion">The render can depend on the cluster's version.</param>
/// <param name="ApiVersions">The render can depend on the API versions the cluster serves.</param>
public sealed partial record CapabilityUse(bool KubeVersion, bool ApiVersions)
{
    // Larger inputs are not read: they are taken to use everything, which only costs sharing.
    private const long MaxScannedBytes = 64L * 1024 * 1024;

    /// <summary>Reads nothing of the cluster.</summary>
    public static readonly CapabilityUse None = new(false, false);

    /// <summary>Reads the cluster's version and API versions.</summary>
    public static readonly CapabilityUse All = new(true, true);

    /// <summary>What either reads.</summary>
    public CapabilityUse Or(CapabilityUse other) => new(KubeVersion || other.KubeVersion, ApiVersions || other.ApiVersions);

    /// <summary>
    /// What a template, helper, values text or Chart.yaml reads. Values count too: a chart may pass them through
    /// <c>tpl</c>. <c>.Capabilities</c> used whole (passed to a helper, printed) counts as both.
    /// </summary>
    public static CapabilityUse OfText(string text) => new(
        text.Contains("KubeVersion", StringComparison.Ordinal) || KubeVersionConstraint().IsMatch(text) || WholeCapabilities().IsMatch(text),
        text.Contains("APIVersions", StringComparison.Ordinal) || WholeCapabilities().IsMatch(text));

    /// <summary>What the files of a chart directory read, vendored subchart archives (<c>charts/*.tgz</c>) included.</summary>
    /// <param name="realRoot">The repository root, links resolved.</param>
    /// <param name="chartDirectory">The chart's real directory inside it.</param>
    public static CapabilityUse OfChart(string realRoot, string chartDirectory)
    {
        var use = None;
        long scanned = 0;
        foreach (var file in RepositoryFiles.List(realRoot, chartDirectory))
        {
            scanned += new FileInfo(file).Length;
            if (scanned > MaxScannedBytes)
            {
                return All;
            }

            use = use.Or(file.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) ? OfArchive(file) : OfText(File.ReadAllText(file)));
            if (use == All)
            {
                return All;
            }
        }

        return use;
    }

    private static CapabilityUse OfArchive(string file)
    {
        try
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            var use = None;
            long read = 0;
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null)
                {
                    continue;
                }

                read += entry.Length;
                if (read > MaxScannedBytes)
                {
                    return All;
                }

                using var reader = new StreamReader(entry.DataStream, Encoding.UTF8);
                use = use.Or(OfText(reader.ReadToEnd()));
            }

            return use;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or FormatException)
        {
            // helm will say what is wrong with the archive; here it only must not be taken to read nothing.
            return All;
        }
    }

    [GeneratedRegex(@"^\s*kubeVersion\s*:", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex KubeVersionConstraint();

    [GeneratedRegex(@"Capabilities(?!\s*\.\s*(?:KubeVersion|APIVersions|HelmVersion)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex WholeCapabilities();
}
