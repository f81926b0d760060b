using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// A real Git server for tests: <c>git daemon</c> serving bare repositories over <c>git://127.0.0.1:PORT/NAME.git</c>
/// from a private temporary folder. Start one per test (it starts in milliseconds), create repositories with
/// <see cref="CreateRepository"/>, and dispose it to stop the daemon and delete the folder.
/// </summary>
/// <example>
/// <code>
/// await using var server = await GitServer.StartAsync();
/// var repository = server.CreateRepository("apps");
/// repository.WriteFile("guestbook/deployment.yaml", "kind: Deployment");
/// var sha = repository.Commit("add guestbook");
/// // fetch repository.Url ("git://127.0.0.1:PORT/apps.git", branch "main") with the code under test
/// </code>
/// </example>
public sealed class GitServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);

    private readonly string _rootDirectory;
    private Process? _daemon;

    private GitServer(string rootDirectory, int port)
    {
        _rootDirectory = rootDirectory;
        Port = port;
    }

    /// <summary>The loopback port the daemon listens on; it stays the same across <see cref="StopAsync"/> and <see cref="RestartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>The folder holding the served bare repositories (the daemon's <c>--base-path</c>).</summary>
    public string RepositoriesDirectory => Path.Combine(_rootDirectory, "served");

    /// <summary>True while the daemon process is running.</summary>
    public bool IsRunning => _daemon is { HasExited: false };

    /// <summary>Starts a daemon on a free loopback port and returns once it accepts connections.</summary>
    public static async Task<GitServer> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "fleet-git-server-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "served"));
        Directory.CreateDirectory(Path.Combine(root, "work"));
        var server = new GitServer(root, FreeLoopbackPort());
        try
        {
            await server.RestartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates an empty bare repository named <paramref name="name"/> (served as <c>NAME.git</c>, default branch
    /// <c>main</c>) and a working clone to commit into.
    /// </summary>
    public TestRepository CreateRepository(string name)
    {
        var barePath = Path.Combine(RepositoriesDirectory, name + ".git");
        var workPath = Path.Combine(_rootDirectory, "work", name);
        GitCli.Run(RepositoriesDirectory, "init", "--quiet", "--bare", "--initial-branch=main", barePath);
        GitCli.Run(_rootDirectory, "init", "--quiet", "--initial-branch=main", workPath);
        // Pushes go to the bare repository's path rather than through the daemon, so tests can still commit while the
        // daemon is stopped (for example to check that a down server hides new commits).
        GitCli.Run(workPath, "remote", "add", "origin", barePath);
        return new TestRepository(name, $"git://127.0.0.1:{Port}/{name}.git", barePath, workPath);
    }

    /// <summary>Stops the daemon; connections to <see cref="Port"/> are refused until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_daemon is null)
        {
            return;
        }

        if (!_daemon.HasExited)
        {
            // git daemon forks a child per connection: kill the whole tree so no connection outlives the stop.
            _daemon.Kill(entireProcessTree: true);
        }

        await _daemon.WaitForExitAsync();
        _daemon.Dispose();
        _daemon = null;
    }

    /// <summary>Starts the daemon again on the same port (a no-op while it is running) and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        var startInfo = GitCli.StartInfo(_rootDirectory,
            "daemon", "--listen=127.0.0.1", $"--port={Port}", $"--base-path={RepositoriesDirectory}",
            "--export-all", "--enable=receive-pack", "--reuseaddr", "--informative-errors", RepositoriesDirectory);
        _daemon = Process.Start(startInfo) ?? throw new InvalidOperationException("git daemon did not start");
        // Drain the daemon's output so a chatty daemon never blocks on a full pipe.
        _daemon.OutputDataReceived += (_, _) => { };
        _daemon.ErrorDataReceived += (_, _) => { };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Stops the daemon and deletes every repository and working clone it created.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TestDirectories.DeleteQuietly(_rootDirectory);
    }

    private async Task WaitUntilAcceptingAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            if (_daemon is null || _daemon.HasExited)
            {
                throw new InvalidOperationException($"git daemon exited at start (port {Port}); is another process using it?");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// A repository served by <see cref="GitServer"/>, with a working clone on branch <c>main</c>: write or delete files,
/// then <see cref="Commit"/> pushes them. All methods run the git CLI with a fixed identity and no user configuration.
/// </summary>
public sealed class TestRepository
{
    private readonly string _workPath;

    internal TestRepository(string name, string url, string barePath, string workPath)
    {
        Name = name;
        Url = url;
        BarePath = barePath;
        _workPath = workPath;
    }

    /// <summary>The repository name given to <see cref="GitServer.CreateRepository"/>.</summary>
    public string Name { get; }

    /// <summary>The git:// URL of the repository on the daemon.</summary>
    public string Url { get; }

    /// <summary>The local path of the bare repository (usable as a local-path Git URL, even while the daemon is stopped).</summary>
    public string BarePath { get; }

    /// <summary>The branch commits go to.</summary>
    public string Branch => "main";

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> (relative, '/'-separated) in the working clone, creating folders.</summary>
    public void WriteFile(string path, string text)
    {
        var fullPath = Path.Combine(_workPath, path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, text);
    }

    /// <summary>Writes a symbolic link at <paramref name="path"/> pointing at <paramref name="target"/> (as written, not resolved).</summary>
    public void WriteSymbolicLink(string path, string target)
    {
        var fullPath = Path.Combine(_workPath, path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.CreateSymbolicLink(fullPath, target);
    }

    /// <summary>Deletes <paramref name="path"/> (a file or a folder) from the working clone.</summary>
    public void DeleteFile(string path)
    {
        var fullPath = Path.Combine(_workPath, path);
        if (Directory.Exists(fullPath))
        {
            Directory.Delete(fullPath, recursive: true);
        }
        else
        {
            File.Delete(fullPath);
        }
    }

    /// <summary>Commits every change in the working clone (an empty commit when nothing changed), pushes it and returns its SHA.</summary>
    public string Commit(string message)
    {
        GitCli.Run(_workPath, "add", "--all");
        GitCli.Run(_workPath, "commit", "--quiet", "--allow-empty", "--message", message);
        GitCli.Run(_workPath, "push", "--quiet", "origin", $"HEAD:refs/heads/{Branch}");
        return GitCli.Run(_workPath, "rev-parse", "HEAD");
    }

    /// <summary>Pushes the last commit as branch <paramref name="branch"/> too (the working clone stays on <see cref="Branch"/>).</summary>
    public void PushBranch(string branch) =>
        GitCli.Run(_workPath, "push", "--quiet", "origin", $"HEAD:refs/heads/{branch}");

    /// <summary>Deletes branch <paramref name="branch"/> from the served repository.</summary>
    public void DeleteRemoteBranch(string branch) =>
        GitCli.Run(_workPath, "push", "--quiet", "origin", "--delete", branch);

    /// <summary>Moves the branch back (or anywhere) to <paramref name="commitSha"/> and force-pushes it, rewriting history.</summary>
    public void ForcePush(string commitSha)
    {
        GitCli.Run(_workPath, "reset", "--quiet", "--hard", commitSha);
        GitCli.Run(_workPath, "push", "--quiet", "--force", "origin", $"HEAD:refs/heads/{Branch}");
    }

    /// <summary>
    /// Tags the last commit and pushes the tag: a lightweight tag, or an annotated one when <paramref name="message"/>
    /// is given. Returns the SHA of the tagged commit.
    /// </summary>
    public string Tag(string name, string? message = null)
    {
        if (message is null)
        {
            GitCli.Run(_workPath, "tag", name);
        }
        else
        {
            GitCli.Run(_workPath, "tag", "--annotate", "--message", message, name);
        }

        GitCli.Run(_workPath, "push", "--quiet", "origin", $"refs/tags/{name}");
        return GitCli.Run(_workPath, "rev-parse", "HEAD");
    }
}

/// <summary>Runs the git CLI isolated from the machine's and user's configuration, with a fixed identity.</summary>
internal static class GitCli
{
    /// <summary>Runs git with <paramref name="arguments"/> in <paramref name="workingDirectory"/> and returns its trimmed output; throws with git's error output on failure.</summary>
    public static string Run(string workingDirectory, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(workingDirectory, arguments))
            ?? throw new InvalidOperationException("git did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {error.GetAwaiter().GetResult().Trim()}");
        }

        return output.Trim();
    }

    /// <summary>A start description for git with redirected output and an isolated environment.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var environment = startInfo.Environment;
        // No system or user configuration (signing, hooks, default branch) may change what the tests see.
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GIT_AUTHOR_NAME"] = "Fleet Test";
        environment["GIT_AUTHOR_EMAIL"] = "fleet-test@example.invalid";
        environment["GIT_COMMITTER_NAME"] = "Fleet Test";
        environment["GIT_COMMITTER_EMAIL"] = "fleet-test@example.invalid";
        // The daemon may run as a different user than the repository owner; without this git refuses to serve it.
        environment["GIT_CONFIG_COUNT"] = "1";
        environment["GIT_CONFIG_KEY_0"] = "safe.directory";
        environment["GIT_CONFIG_VALUE_0"] = "*";
        return startInfo;
    }
}

/// <summary>Temporary folders for tests.</summary>
public static class TestDirectories
{
    /// <summary>Creates and returns a new, empty, uniquely named folder under the system temp folder.</summary>
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a folder tree, ignoring failures: cleanup must never fail a test.</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
