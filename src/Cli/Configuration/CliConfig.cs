using System.Text.Json;

namespace Fleet.Cli.Configuration;

/// <summary>What <c>fleet login</c> remembers: the server and the token to send it.</summary>
public sealed record CliConfig
{
    /// <summary>The API's base URL, such as http://localhost:5000.</summary>
    public string? Server { get; init; }

    /// <summary>The bearer token; the file is readable by its owner only.</summary>
    public string? Token { get; init; }
}

/// <summary>
/// Reads and writes the CLI's configuration file: <c>$FLEET_CONFIG</c>, else <c>$XDG_CONFIG_HOME/fleet/config.json</c>,
/// else <c>~/.config/fleet/config.json</c>.
/// </summary>
public sealed class CliConfigStore(CliEnvironment environment)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Where the configuration lives.</summary>
    public string Path
    {
        get
        {
            if (environment["FLEET_CONFIG"] is { } explicitPath)
            {
                return explicitPath;
            }
            var configHome = environment["XDG_CONFIG_HOME"]
                ?? System.IO.Path.Combine(environment["HOME"] ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return System.IO.Path.Combine(configHome, "fleet", "config.json");
        }
    }

    /// <summary>The saved configuration, or an empty one when there is none yet.</summary>
    public CliConfig Load()
    {
        var path = Path;
        if (!File.Exists(path))
        {
            return new CliConfig();
        }
        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Json) ?? new CliConfig();
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Failure, $"the configuration file {path} is not valid JSON ({e.Message}); fix it or run fleet login again");
        }
    }

    /// <summary>Saves the configuration with mode 0600, replacing the old file in one step.</summary>
    public void Save(CliConfig config)
    {
        var path = System.IO.Path.GetFullPath(Path);
        var directory = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with owner-only permissions, so the token is never readable by others, not even briefly.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, config, Json);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
