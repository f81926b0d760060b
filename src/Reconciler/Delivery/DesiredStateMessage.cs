namespace Fleet.Reconciler.Delivery;

/// <summary>
/// One line of the desired-state stream (<c>GET /api/v1/agents/{cluster}/desired-state?since=N</c>, newline-delimited
/// JSON). Every change has a version, increasing per cluster; an agent that reconnects with the highest version it
/// holds receives only what changed after it.
/// </summary>
public sealed record DesiredStateMessage
{
    /// <summary>One of <see cref="DesiredStateMessageTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The change's version (desired, removed); for a snapshot, the cluster's current version.</summary>
    public long Version { get; init; }

    /// <summary>For <c>desired</c>: the instance's new desired state.</summary>
    public DesiredInstance? Instance { get; init; }

    /// <summary>For <c>removed</c>: the application no longer targeting the cluster (the agent retires it).</summary>
    public string? Application { get; init; }

    /// <summary>
    /// For <c>snapshot</c> (the first line of every connection): every application that targets the cluster now. An
    /// agent retires any application it holds that is not listed.
    /// </summary>
    public IReadOnlyList<string>? Applications { get; init; }
}

/// <summary>The kinds of <see cref="DesiredStateMessage"/>.</summary>
public static class DesiredStateMessageTypes
{
    public const string Snapshot = "snapshot";
    public const string Desired = "desired";
    public const string Removed = "removed";

    /// <summary>Sent when nothing else was for a while: keeps the connection and tells each side the other is there.</summary>
    public const string Ping = "ping";
}
