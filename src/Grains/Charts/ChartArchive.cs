using System.Formats.Tar;
using System.IO.Compression;
using Fleet.Grains.Rendering;

namespace Fleet.Grains.Charts;

/// <summary>
/// Unpacks a chart archive (<c>.tgz</c> as <c>helm package</c> writes it: one top directory holding Chart.yaml) into a
/// directory. The archive is untrusted: only regular files and directories are taken (links, devices and the like
/// refuse it), no entry may be absolute or leave the target through <c>..</c>, and sizes are held to
/// <see cref="RenderLimits"/>: each file to the per-file limit, all files together to the render limit, the entry count
/// to the object limit. Throws <see cref="ChartSourceException"/> with reason <c>ArchiveInvalid</c>.
/// </summary>
public static class ChartArchive
{
    /// <summary>Unpacks <paramref name="archive"/> into <paramref name="target"/> (made if missing) and returns the chart's directory name.</summary>
    public static string Extract(Stream archive, string target, RenderLimits limits, string describe)
    {
        Directory.CreateDirectory(target);
        var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
        long total = 0;
        var count = 0;
        var tops = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
                {
                    continue;
                }
                if (++count > limits.MaxObjects)
                {
                    throw Invalid(describe, $"holds more than {limits.MaxObjects} entries");
                }
                var name = entry.Name.Replace('\\', '/');
                if (name.StartsWith('/') || Path.IsPathRooted(name) || name.Split('/').Contains(".."))
                {
                    throw Invalid(describe, $"entry \"{name}\" leaves the chart directory");
                }
                var full = Path.GetFullPath(Path.Combine(root, name));
                if (!full.StartsWith(root, StringComparison.Ordinal))
                {
                    throw Invalid(describe, $"entry \"{name}\" leaves the chart directory");
                }
                var top = name.TrimStart('.', '/').Split('/')[0];
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(full);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        if (entry.Length > limits.MaxExpandedBytesPerFile)
                        {
                            throw Invalid(describe, $"file \"{name}\" is {entry.Length} bytes, over the {limits.MaxExpandedBytesPerFile}-byte limit per file");
                        }
                        total += entry.Length;
                        if (total > limits.MaxRenderBytes)
                        {
                            throw Invalid(describe, $"unpacks to more than {limits.MaxRenderBytes} bytes");
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                        using (var file = File.Create(full))
                        {
                            entry.DataStream?.CopyTo(file);
                        }
                        break;
                    default:
                        throw Invalid(describe, $"entry \"{name}\" is a {entry.EntryType}; a chart archive holds only files and directories");
                }
                if (top.Length > 0)
                {
                    tops.Add(top);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw Invalid(describe, $"is not a gzip-compressed tar archive ({e.Message})");
        }
        var charts = tops.Where(t => File.Exists(Path.Combine(root, t, ChartRelease.ChartFile))).ToList();
        if (charts.Count != 1)
        {
            throw Invalid(describe, charts.Count == 0 ? "has no top directory holding Chart.yaml" : $"has several charts at its top ({string.Join(", ", charts)})");
        }
        return charts[0];
    }

    private static ChartSourceException Invalid(string describe, string what) => new("ArchiveInvalid", $"{describe}: the archive {what}");
}
