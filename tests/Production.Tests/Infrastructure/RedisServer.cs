using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Production.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with no persistence, in a private temporary folder. It can be
/// stopped and started again on the same port (its data is lost on stop: the outage tests only need availability).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-redis-").FullName;
    private Process? _process;

    private RedisServer(int port) => Port = port;

    /// <summary>The loopback port; the same across <see cref="StopAsync"/> and <see cref="StartAsync()"/>.</summary>
    public int Port { get; }

    /// <summary>CPU time the running server has used (user + system); zero when stopped.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            if (_process is null || _process.HasExited)
            {
                return TimeSpan.Zero;
            }
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts a server; fails with a clear message when redis-server is not installed.</summary>
    public static async Task<RedisServer> StartNewAsync()
    {
        var server = new RedisServer(Ports.Free());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", _directory })
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed (test.sh installs it with apt-get install redis-server); these tests need a real Redis.", e);
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartDeadline;
        while (!await PingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not start answering on port {Port}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Stops the server hard; connections to <see cref="Port"/> are refused until <see cref="StartAsync()"/>. With
    /// <paramref name="keepData"/> it first writes a snapshot that the next start loads, so only availability is lost.
    /// </summary>
    public async Task StopAsync(bool keepData = false)
    {
        if (_process is null)
        {
            return;
        }
        if (keepData && !_process.HasExited && await CommandAsync("SAVE") != "+OK")
        {
            throw new InvalidOperationException("redis-server did not save its data before the stop");
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    private async Task<bool> PingAsync() => (await CommandAsync("PING"))?.StartsWith('+') == true;

    /// <summary>Sends one inline command over a raw connection; returns the reply, or null when the server does not answer.</summary>
    public async Task<string?> CommandAsync(string command)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer);
            return read > 0 ? System.Text.Encoding.ASCII.GetString(buffer, 0, read).TrimEnd() : null;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Sends a command whose reply is one bulk string (GET, LINDEX) and returns it whole; null for a nil reply.</summary>
    public async Task<string?> BulkAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException($"redis closed the connection during '{command}'");
            }
            received.AddRange(buffer.AsSpan(0, read));
            var text = System.Text.Encoding.UTF8.GetString([.. received]);
            var header = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (header < 0)
            {
                continue;
            }
            if (text[0] != '$')
            {
                throw new IOException($"redis answered '{text[..header]}' to '{command}'");
            }
            var length = int.Parse(text.AsSpan(1, header - 1), System.Globalization.CultureInfo.InvariantCulture);
            if (length < 0)
            {
                return null;
            }
            var body = received.Skip(header + 2).ToArray();
            if (body.Length >= length)
            {
                return System.Text.Encoding.UTF8.GetString(body, 0, length);
            }
        }
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Grains.Tests.Infrastructure.TestDirectories.DeleteQuietly(_directory);
    }
}

/// <summary>Free loopback ports.</summary>
public static class Ports
{
    /// <summary>A port nothing listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
