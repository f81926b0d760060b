namespace Fleet.Grains.Rendering;

/// <summary>Finds a program the way a shell does: the first executable file of that name in a PATH-style list.</summary>
internal static class ExecutableSearch
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The full path of <paramref name="name"/> in <paramref name="searchPath"/>, or null when none of its directories has it.</summary>
    public static string? Find(string name, string searchPath)
    {
        var fileName = OperatingSystem.IsWindows() ? name + ".exe" : name;
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & AnyExecute) != 0))
            {
                return candidate;
            }
        }

        return null;
    }
}
