using System.Diagnostics;

namespace Fleet.Cli.Tests.Infrastructure;

/// <summary>A local Git repository in a temporary directory, driven with the real git binary.</summary>
public sealed class GitRepository
{
    /// <summary>The repository's directory, usable as a repository URL.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("fleet-cli-repo-").FullName;

    private bool _initialized;

    /// <summary>Writes a file (creating its directory).</summary>
    public void Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Commits everything and answers the new commit's SHA.</summary>
    public string Commit(string message)
    {
        lock (this)
        {
            if (!_initialized)
            {
                Git("init", "--quiet", "--initial-branch=main");
                _initialized = true;
            }
            Git("add", "--all");
            Git("commit", "--quiet", "--allow-empty", "--message", message);
            return Git("rev-parse", "HEAD").Trim();
        }
    }

    private string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Fleet CLI Tests";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "cli-tests@fleet.invalid";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
    }
}
