using Fleet.Engine.Status;

namespace Fleet.Reconciler.Delivery;

/// <summary>What an agent posts to <c>POST /api/v1/agents/{cluster}/reports</c>: the state of some of its instances.</summary>
public sealed record AgentReport
{
    public IReadOnlyList<InstanceReport> Instances { get; init; } = [];

    /// <summary>
    /// The cluster's version and served API versions, sent once per connection: charts that read the cluster's
    /// capabilities are rendered with them, as they are for push clusters.
    /// </summary>
    public ClusterFacts? Cluster { get; init; }
}

/// <summary>What the agent tells of its cluster: the API server's version and every served group/version.</summary>
public sealed record ClusterFacts(string KubeVersion, IReadOnlyList<string> ApiVersions);

/// <summary>
/// One instance as the agent found and left it: what the API shows for instances of agent clusters. History records
/// are those the control plane has not acknowledged yet (by id); resending one is harmless.
/// </summary>
public sealed record InstanceReport
{
    public required string Application { get; init; }

    /// <summary>The render the agent judged; a report of an older render than the control plane's latest is still shown.</summary>
    public required string RenderKey { get; init; }

    /// <summary>The commit of the last render the agent applied in full; null before the first.</summary>
    public string? AppliedCommit { get; init; }

    public required InstanceStatus Status { get; init; }

    /// <summary>Syncs carried out since the last report the control plane accepted.</summary>
    public IReadOnlyList<SyncRecord> History { get; init; } = [];

    /// <summary>The id of the last <see cref="SyncRequest"/> carried out, so the control plane stops sending it.</summary>
    public long? CompletedRequest { get; init; }

    /// <summary>When the agent made the report (its own clock).</summary>
    public DateTimeOffset ReportedAt { get; init; }
}
