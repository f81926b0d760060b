namespace Fleet.Grains.Rendering;

/// <summary>
/// Lists every file below a directory of a checked-out repository, following symbolic links only while they stay
/// inside it and entering each real directory once: a link to <c>.</c>, to a parent or several links to one folder
/// must not turn the walk into an endless or exponential one.
/// </summary>
internal static class RepositoryFiles
{
    /// <summary>The real paths of the files below <paramref name="directory"/> (inside <paramref name="realRoot"/>), each once.</summary>
    public static IReadOnlyList<string> List(string realRoot, string directory)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([directory]);
        while (pending.TryPop(out var current))
        {
            if (!visited.Add(current))
            {
                continue;
            }

            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos())
            {
                var real = entry.FullName;
                if (entry.LinkTarget is not null)
                {
                    try
                    {
                        real = RepositoryPaths.RealPath(entry.FullName);
                    }
                    catch (RenderException)
                    {
                        // A link cycle: it leads nowhere, so there is nothing below it to read.
                        continue;
                    }

                    if (!RepositoryPaths.IsInside(realRoot, real))
                    {
                        continue;
                    }
                }

                if (Directory.Exists(real))
                {
                    pending.Push(real);
                }
                else if (File.Exists(real))
                {
                    files.Add(real);
                }
            }
        }

        return [.. files.Order(StringComparer.Ordinal)];
    }
}
