using System.Security.Cryptography;
using Fleet.Kubernetes.Names;

namespace Fleet.Simulator.Hosting;

/// <summary>Parses the standalone simulator's command line.</summary>
public static class SimulatorCommandLine
{
    public const string Usage = """
        usage: Fleet.Simulator [--urls http://127.0.0.1:6443] [--clusters dev,staging,prod] [--kubeconfig FILE]
                               [--tokens] [--https]
          --urls        where to listen (loopback); an https:// URL implies --https
          --clusters    virtual clusters to create, comma-separated (more can be added through /admin)
          --kubeconfig  write a kubeconfig with one context per cluster
          --tokens      require a per-cluster bearer token (written into the kubeconfig); also protects /admin
          --https       serve HTTPS with a generated CA (its certificate goes into the kubeconfig)
        """;

    public static SimulatorOptions? Parse(string[] args, out string? kubeconfigPath, out string? error)
    {
        var options = new SimulatorOptions { Port = 6443 };
        kubeconfigPath = null;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--urls":
                    if (!Uri.TryCreate(Value(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        error = "--urls needs an http:// or https:// URL";
                        return null;
                    }
                    options.Host = url.Host == "localhost" ? "127.0.0.1" : url.Host;
                    options.Port = url.Port;
                    options.Https |= url.Scheme == "https";
                    break;
                case "--clusters":
                    var names = (Value() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (names.FirstOrDefault(n => !NameRules.IsDns1123Label(n)) is { } bad)
                    {
                        error = $"cluster name \"{bad}\" must be a lowercase RFC 1123 label";
                        return null;
                    }
                    options.Clusters = names;
                    break;
                case "--kubeconfig":
                    kubeconfigPath = Value();
                    break;
                case "--tokens":
                    options.Tokens = true;
                    options.AdminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
                    break;
                case "--https":
                    options.Https = true;
                    break;
                default:
                    error = $"unknown argument \"{args[i]}\"";
                    return null;
            }
        }
        return options;
    }
}
