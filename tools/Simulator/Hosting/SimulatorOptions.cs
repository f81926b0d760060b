using Fleet.Simulator.Controllers;

namespace Fleet.Simulator.Hosting;

/// <summary>How a simulator is started, standalone or in-process.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Loopback address to listen on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Serve HTTPS with a certificate from a CA generated at start.</summary>
    public bool Https { get; set; }

    /// <summary>Give every cluster its own bearer token, required on each request.</summary>
    public bool Tokens { get; set; }

    /// <summary>Clusters to create at start.</summary>
    public IList<string> Clusters { get; set; } = [];

    /// <summary>Bearer token for <c>/admin</c>; null leaves the admin endpoint open (loopback only).</summary>
    public string? AdminToken { get; set; }

    /// <summary>Pacing of the simulated controllers.</summary>
    public ControllerOptions Controllers { get; set; } = new();

    /// <summary>How often watches that asked for bookmarks get one: every minute, as kube-apiserver does.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);
}
