using LibGit2Sharp;

namespace Fleet.Grains.Git;

/// <summary>
/// Writes the files of a commit into a folder straight from the object database (no index, no working tree), then
/// publishes the folder with one atomic rename so readers never see a half-written commit.
/// </summary>
internal static class CommitExporter
{
    /// <summary>
    /// Exports <paramref name="commit"/> to <paramref name="targetDirectory"/> unless it is already there. Safe when
    /// several processes export the same commit at once: the first rename wins and the others discard their copy.
    /// </summary>
    public static void Export(Commit commit, string targetDirectory, CancellationToken cancellationToken)
    {
        if (Directory.Exists(targetDirectory))
        {
            return;
        }

        var parent = Path.GetDirectoryName(targetDirectory)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".staging-{Path.GetFileName(targetDirectory)}-{Guid.NewGuid():N}");
        try
        {
            WriteTree(commit.Tree, staging, cancellationToken);
            Directory.Move(staging, targetDirectory);
        }
        catch (IOException) when (Directory.Exists(targetDirectory))
        {
            // Another exporter published the same commit first; its copy is identical.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void WriteTree(Tree tree, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        foreach (var entry in tree)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsSafeName(entry.Name))
            {
                // Git itself refuses such names on checkout; a crafted tree must not write outside the folder.
                continue;
            }

            var path = Path.Combine(directory, entry.Name);
            switch (entry.Mode)
            {
                case Mode.Directory:
                    WriteTree((Tree)entry.Target, path, cancellationToken);
                    break;
                case Mode.NonExecutableFile or Mode.NonExecutableGroupWritableFile:
                    WriteFile((Blob)entry.Target, path, executable: false);
                    break;
                case Mode.ExecutableFile:
                    WriteFile((Blob)entry.Target, path, executable: true);
                    break;
                case Mode.SymbolicLink:
                    WriteSymbolicLink((Blob)entry.Target, path);
                    break;
                default:
                    // Submodules (Mode.GitLink) point into other repositories, which this mirror does not fetch.
                    break;
            }
        }
    }

    private static void WriteFile(Blob blob, string path, bool executable)
    {
        // The raw content, without line-ending or other filters: what was committed is what gets rendered.
        using (var content = blob.GetContentStream())
        using (var file = File.Create(path))
        {
            content.CopyTo(file);
        }

        MakeReadOnly(path, executable);
    }

    private static void WriteSymbolicLink(Blob blob, string path)
    {
        var target = blob.GetContentText();
        var parts = target.Split('/', '\\');
        if (Path.IsPathRooted(target) || parts.Contains("..") || parts.All(part => part is "" or "."))
        {
            // A link with ".." or a root could point outside the exported commit (directly, or by chaining through
            // another link) and make the renderer read files of the machine; a link to its own folder (".", "./") is a
            // cycle that makes every walk of the tree endless. Only links strictly down into the commit are kept.
            return;
        }

        File.CreateSymbolicLink(path, target);
    }

    private static void MakeReadOnly(string path, bool executable)
    {
        // Exported commits are shared by every caller: read-only files stop one renderer from changing another's input.
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, FileAttributes.ReadOnly);
            return;
        }

        var mode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        if (executable)
        {
            mode |= UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        }

        File.SetUnixFileMode(path, mode);
    }

    private static bool IsSafeName(string name) =>
        name is not ("" or "." or ".." or ".git") && name.IndexOfAny(['/', '\\', '\0']) < 0;
}
