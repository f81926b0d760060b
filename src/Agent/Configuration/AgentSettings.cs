namespace Fleet.Agent.Configuration;

/// <summary>
/// What an agent is told at start: the control plane's address, its cluster's name, the bootstrap token (needed only
/// until it holds a credential) and how it reaches its own cluster (a kubeconfig and context, or the in-cluster
/// service account when none is given). Each comes from a flag or, when the flag is absent, an environment variable.
/// </summary>
public sealed record AgentSettings
{
    public required Uri Hub { get; init; }

    public required string Cluster { get; init; }

    public string? BootstrapToken { get; init; }

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>The namespace of the Secret that keeps the agent's credential; by default the agent's own.</summary>
    public string? Namespace { get; init; }

    // Flag -> environment variable. FLEET_TOKEN carries the bootstrap token so that a Deployment can take it from a Secret.
    private static readonly (string Flag, string Variable)[] Names =
    [
        ("--hub", "FLEET_HUB"), ("--cluster", "FLEET_CLUSTER"), ("--token", "FLEET_TOKEN"),
        ("--kubeconfig", "FLEET_KUBECONFIG"), ("--context", "FLEET_CONTEXT"), ("--namespace", "FLEET_AGENT_NAMESPACE"),
    ];

    /// <summary>The settings, or the list of what is wrong with the arguments and environment (one sentence each).</summary>
    public static (AgentSettings? Settings, IReadOnlyList<string> Errors) Read(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var errors = new List<string>();
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (!Names.Any(n => n.Flag == flag))
            {
                errors.Add($"Unknown argument \"{flag}\"; the agent takes {string.Join(", ", Names.Select(n => n.Flag))}.");
                continue;
            }
            if (i + 1 >= args.Count)
            {
                errors.Add($"{flag} needs a value.");
                continue;
            }
            given[flag] = args[++i];
        }
        string? Value(string flag)
        {
            var variable = Names.First(n => n.Flag == flag).Variable;
            var value = given.TryGetValue(flag, out var v) ? v : environment(variable);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
        var hubText = Value("--hub");
        Uri? hub = null;
        if (hubText is null)
        {
            errors.Add("The control plane's address is required: --hub https://fleet.example.com (or FLEET_HUB).");
        }
        else if (!Uri.TryCreate(hubText, UriKind.Absolute, out hub) || hub.Scheme is not ("https" or "http"))
        {
            errors.Add($"--hub \"{hubText}\" must be an absolute https URL (http only for a control plane on loopback).");
        }
        var cluster = Value("--cluster");
        if (cluster is null)
        {
            errors.Add("The cluster's name is required: --cluster NAME (or FLEET_CLUSTER), as registered with mode agent.");
        }
        if (Value("--context") is not null && Value("--kubeconfig") is null)
        {
            errors.Add("--context needs --kubeconfig: in the cluster the agent uses its service account.");
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new AgentSettings
        {
            Hub = hub!, Cluster = cluster!, BootstrapToken = Value("--token"), Kubeconfig = Value("--kubeconfig"),
            Context = Value("--context"), Namespace = Value("--namespace"),
        }, errors);
    }
}
