using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fleet.Grains.Git;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Charts;

/// <summary>A chart unpacked on disk.</summary>
/// <param name="Root">The folder holding the chart's directory (and nothing a value file could reach outside it).</param>
/// <param name="Chart">The chart's directory name inside <paramref name="Root"/>, holding Chart.yaml.</param>
/// <param name="Digest">The SHA-256 of the archive it came from: equal digests mean equal charts.</param>
public sealed record ChartPackage(string Root, string Chart, string Digest);

/// <summary>
/// Downloads and unpacks chart versions once per silo, under the Git cache's <c>charts/</c> folder keyed by repository,
/// chart, version and digest. An unpacked chart is written to a temporary folder and moved into place whole, so a
/// crash never leaves half a chart where the next render would find it. Concurrent asks for one version share one
/// download; a failed one is not remembered.
/// </summary>
public sealed class ChartStore(ChartSourceClient client, GitMirrorOptions options, RenderLimits limits)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ChartPackage>>> _packages = new(StringComparer.Ordinal);

    public ChartStore(ChartSourceClient client, GitMirrorOptions options) : this(client, options, new RenderLimits())
    {
    }

    /// <summary>The unpacked chart of <paramref name="entry"/> from <paramref name="source"/>.</summary>
    public async Task<ChartPackage> GetAsync(HelmSource source, ChartEntry entry, CancellationToken ct)
    {
        var key = Hash(source.Url, entry.Name, entry.Version, entry.Digest ?? "", string.Join(' ', entry.Urls));
        var lazy = _packages.GetOrAdd(key, k => new Lazy<Task<ChartPackage>>(() => FetchAsync(source, entry, k, ct)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            _packages.TryRemove(new KeyValuePair<string, Lazy<Task<ChartPackage>>>(key, lazy));
            throw;
        }
    }

    private async Task<ChartPackage> FetchAsync(HelmSource source, ChartEntry entry, string key, CancellationToken ct)
    {
        var (url, expected) = await client.LocateAsync(source, entry, ct);
        var folder = Path.Combine(options.CacheDirectory, "charts", Hash(key, expected ?? "")[..32]);
        if (Directory.Exists(folder) && File.Exists(Path.Combine(folder, ".digest")))
        {
            // Unpacked by an earlier run of this silo: the digest file is written last, so the folder is whole.
            var kept = await File.ReadAllTextAsync(Path.Combine(folder, ".digest"), ct);
            var chart = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>().Single();
            return new ChartPackage(folder, chart, kept.Trim());
        }
        var (archive, digest) = await client.DownloadAsync(source, entry, url, expected, ct);
        var temporary = folder + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            string chart;
            using (var stream = new MemoryStream(archive, writable: false))
            {
                chart = ChartArchive.Extract(stream, temporary, limits, $"chart {entry.Name} {entry.Version}");
            }
            await File.WriteAllTextAsync(Path.Combine(temporary, ".digest"), digest, ct);
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            try
            {
                Directory.Move(temporary, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another silo process sharing the cache moved its copy first: the same bytes.
            }
            return new ChartPackage(folder, chart, digest);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts))));
}
