using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// A real Git server on loopback: <c>git daemon</c> serving bare repositories over git:// with push enabled. Tests
/// create repositories, commit to them through a working clone, and can stop and restart the daemon on the same
/// port to play a Git outage.
/// </summary>
public sealed class GitServer : IAsyncDisposable
{
    private readonly string _root;
    private Process? _daemon;

    private GitServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public static async Task<GitServer> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("fleet-git-server-").FullName;
        var server = new GitServer(root, FreePort());
        await server.StartDaemonAsync();
        return server;
    }

    /// <summary>A new bare repository with a working clone to commit from; its branch is main.</summary>
    public TestRepository CreateRepository(string name)
    {
        var bare = Path.Combine(_root, name + ".git");
        Git(_root, "init", "--quiet", "--bare", "--initial-branch=main", bare);
        var work = Directory.CreateTempSubdirectory($"fleet-work-{name}-").FullName;
        Git(work, "init", "--quiet", "--initial-branch=main");
        Git(work, "remote", "add", "origin", bare);
        return new TestRepository($"git://127.0.0.1:{Port}/{name}.git", work);
    }

    /// <summary>Stops the daemon (a Git outage); <see cref="RestartAsync"/> brings it back on the same port.</summary>
    public void Stop()
    {
        if (_daemon is { HasExited: false } daemon)
        {
            daemon.Kill(entireProcessTree: true);
            daemon.WaitForExit();
        }
        _daemon = null;
    }

    public Task RestartAsync() => StartDaemonAsync();

    private async Task StartDaemonAsync()
    {
        var info = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "daemon", "--listen=127.0.0.1", $"--port={Port}", $"--base-path={_root}", "--export-all", "--enable=receive-pack", "--reuseaddr", _root })
        {
            info.ArgumentList.Add(arg);
        }
        // The daemon may run as another user than the files' owner: trust every directory it serves.
        info.Environment["GIT_CONFIG_COUNT"] = "1";
        info.Environment["GIT_CONFIG_KEY_0"] = "safe.directory";
        info.Environment["GIT_CONFIG_VALUE_0"] = "*";
        _daemon = Process.Start(info) ?? throw new InvalidOperationException("git daemon did not start");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_daemon.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    internal static string Git(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // A fixed identity, so commits work on a machine without any git configuration.
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Fleet Tests";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "tests@fleet.invalid";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // leftovers in the temp folder are harmless
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>A repository on the test Git server, edited through a working clone and pushed on commit.</summary>
public sealed class TestRepository(string url, string workTree)
{
    private readonly Lock _gate = new();

    /// <summary>The git:// URL Fleet registers.</summary>
    public string Url { get; } = url;

    public void WriteFile(string path, string content)
    {
        var full = Path.Combine(workTree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public void DeleteFile(string path) => File.Delete(Path.Combine(workTree, path));

    /// <summary>Commits everything in the working clone and pushes it; returns the commit SHA.</summary>
    public string Commit(string message)
    {
        lock (_gate)
        {
            GitServer.Git(workTree, "add", "--all");
            GitServer.Git(workTree, "commit", "--quiet", "--allow-empty", "--message", message);
            GitServer.Git(workTree, "push", "--quiet", "origin", "main");
            return GitServer.Git(workTree, "rev-parse", "HEAD");
        }
    }

    public void Tag(string name)
    {
        lock (_gate)
        {
            GitServer.Git(workTree, "tag", name);
            GitServer.Git(workTree, "push", "--quiet", "origin", name);
        }
    }
}
