using System.Runtime.CompilerServices;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>Finds the repository root (the folder holding Fleet.sln) for tests that read files from it.</summary>
public static class RepositoryRoot
{
    /// <summary>
    /// Walks up from the test binaries, then from this source file: with FLEET_ARTIFACTS the binaries live outside
    /// the repository, but the compiler recorded where the source is.
    /// </summary>
    public static string Find([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Fleet.sln")))
                {
                    return directory.FullName;
                }
            }
        }
        throw new InvalidOperationException($"no Fleet.sln above {AppContext.BaseDirectory} or {sourceFile}");
    }
}
