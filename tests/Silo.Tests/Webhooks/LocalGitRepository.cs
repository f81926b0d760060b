using System.Diagnostics;

namespace Fleet.Silo.Tests.Webhooks;

/// <summary>A throw-away local Git repository (a plain path URL) with one ConfigMap under app/, owned by one test.</summary>
public sealed class LocalGitRepository
{
    public LocalGitRepository()
    {
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "app"));
        WriteConfigMap("one");
        Git("init", "--quiet", "--initial-branch=main");
        Git("add", "--all");
        Git("commit", "--quiet", "--message", "initial");
    }

    /// <summary>The working tree; Fleet fetches it as a local path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("fleet-hooks-repo-").FullName;

    /// <summary>Changes the ConfigMap and commits; answers the new commit's SHA.</summary>
    public string CommitChange(string value)
    {
        WriteConfigMap(value);
        Git("commit", "--quiet", "--all", "--message", $"change to {value}");
        return Git("rev-parse", "HEAD").Trim();
    }

    private void WriteConfigMap(string value) =>
        File.WriteAllText(System.IO.Path.Combine(Path, "app", "configmap.yaml"), $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: hooked
            data:
              value: "{value}"
            """);

    private string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Fleet Tests";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "tests@fleet.invalid";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
        }
        return output;
    }
}
