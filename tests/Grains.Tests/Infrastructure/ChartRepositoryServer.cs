using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// A real Helm HTTP repository on loopback: an <see cref="HttpListener"/> serving the files of a private folder (what
/// <c>helm package</c> and <c>helm repo index</c> write there), with an ETag on every file (304 on If-None-Match), and
/// basic auth when made with credentials. Dispose stops it and deletes the folder.
/// </summary>
public sealed class ChartRepositoryServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly string? _authorization;
    private readonly Task _serving;
    private int _indexReads;

    private ChartRepositoryServer(HttpListener listener, string directory, int port, string? username, string? password)
    {
        _listener = listener;
        Directory = directory;
        Url = $"http://127.0.0.1:{port}/charts";
        _authorization = username is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The folder served under <see cref="Url"/>.</summary>
    public string Directory { get; }

    /// <summary>The repository's URL (<c>http://127.0.0.1:PORT/charts</c>).</summary>
    public string Url { get; }

    /// <summary>How often index.yaml was answered with its content (not 304).</summary>
    public int IndexReads => Volatile.Read(ref _indexReads);

    /// <summary>While true every request is answered 503, as a repository that is down.</summary>
    public bool Down { get; set; }

    public static ChartRepositoryServer Start(string? username = null, string? password = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "fleet-chart-repo-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new ChartRepositoryServer(listener, directory, port, username, password);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another test took the port between the probe and the bind: choose again.
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        using var response = context.Response;
        try
        {
            if (Down)
            {
                response.StatusCode = 503;
                return;
            }
            if (_authorization is not null && context.Request.Headers["Authorization"] != _authorization)
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"charts\"");
                return;
            }
            var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
            var file = path.StartsWith("/charts/", StringComparison.Ordinal) ? Path.Combine(Directory, path["/charts/".Length..]) : null;
            if (file is null || path.Contains("..", StringComparison.Ordinal) || !File.Exists(file))
            {
                response.StatusCode = 404;
                return;
            }
            var bytes = File.ReadAllBytes(file);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
            response.AddHeader("ETag", etag);
            if (context.Request.Headers["If-None-Match"] == etag)
            {
                response.StatusCode = 304;
                return;
            }
            if (file.EndsWith("index.yaml", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _indexReads);
            }
            response.ContentType = file.EndsWith(".tgz", StringComparison.Ordinal) ? "application/gzip" : "text/yaml";
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes);
        }
        catch (HttpListenerException)
        {
            // The client went away.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
