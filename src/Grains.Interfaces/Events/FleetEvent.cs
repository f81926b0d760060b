using Fleet.Engine.Status;

namespace Fleet.Grains.Interfaces.Events;

/// <summary>What happened in the fleet; the <c>event:</c> name of a server-sent event.</summary>
[GenerateSerializer]
public enum FleetEventKind
{
    /// <summary>An instance began applying objects to its cluster.</summary>
    SyncStarted = 0,

    /// <summary>An instance applied (and pruned) everything it set out to.</summary>
    SyncSucceeded = 1,

    /// <summary>An instance's sync stopped on an error.</summary>
    SyncFailed = 2,

    /// <summary>The live objects of an instance whose applied render is current no longer match Git.</summary>
    DriftDetected = 3,

    /// <summary>A drifted instance matches Git again.</summary>
    DriftHealed = 4,

    /// <summary>The health of an instance changed.</summary>
    HealthChanged = 5,

    /// <summary>A cluster's API server stopped answering its probe.</summary>
    ClusterUnreachable = 6,

    /// <summary>An unreachable cluster answers its probe again.</summary>
    ClusterRecovered = 7,

    /// <summary>An instance's revision cannot be rendered: nothing of it is applied (the message names file and line).</summary>
    RenderFailed = 8,

    /// <summary>An instance's reconcile stopped on an error that is neither the cluster's nor the render's.</summary>
    ReconcileFailed = 9,

    /// <summary>An image repository's registry could not be scanned (the last good tags are kept).</summary>
    ImageScanFailed = 10,

    /// <summary>An image policy's latest accepted tag changed.</summary>
    ImagePolicyChanged = 11,

    /// <summary>An image update committed and pushed new image values to Git.</summary>
    ImageUpdatePushed = 12,

    /// <summary>An image update could not commit or push (the message says why).</summary>
    ImageUpdateFailed = 13,
}

/// <summary>
/// One event of the fleet's journal. The journal assigns <see cref="Sequence"/>; emitters leave it 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.FleetEvent")]
public sealed record FleetEvent
{
    /// <summary>Increasing position in the journal; the SSE <c>id:</c>.</summary>
    [Id(0)] public long Sequence { get; init; }

    /// <summary>When the emitter observed it.</summary>
    [Id(1)] public DateTimeOffset Time { get; init; }

    /// <summary>What happened.</summary>
    [Id(2)] public FleetEventKind Kind { get; init; }

    /// <summary>The application concerned, if any.</summary>
    [Id(3)] public string? Application { get; init; }

    /// <summary>The cluster concerned, if any.</summary>
    [Id(4)] public string? Cluster { get; init; }

    /// <summary>The Git revision concerned, if any.</summary>
    [Id(5)] public string? Revision { get; init; }

    /// <summary>A CamelCase reason, as in conditions.</summary>
    [Id(6)] public string Reason { get; init; } = "";

    /// <summary>One human sentence saying why.</summary>
    [Id(7)] public string Message { get; init; } = "";

    /// <summary>Health before a <see cref="FleetEventKind.HealthChanged"/>.</summary>
    [Id(8)] public HealthStatus? FromHealth { get; init; }

    /// <summary>Health after a <see cref="FleetEventKind.HealthChanged"/>.</summary>
    [Id(9)] public HealthStatus? ToHealth { get; init; }

    /// <summary>The image automation object concerned (<c>imagerepository/web</c>, <c>imagepolicy/web</c>, <c>imageupdate/apps</c>), if any.</summary>
    [Id(10)] public string? Subject { get; init; }
}

/// <summary>An answer of the journal: events after a sequence, in order.</summary>
[GenerateSerializer, Immutable, Alias("fleet.EventPage")]
public sealed record EventPage
{
    /// <summary>The events, in increasing sequence.</summary>
    [Id(0)] public IReadOnlyList<FleetEvent> Events { get; init; } = [];

    /// <summary>The sequence of the newest event the journal holds (0 when it holds none).</summary>
    [Id(1)] public long LastSequence { get; init; }

    /// <summary>Events after the reader's position that were evicted before it read them.</summary>
    [Id(2)] public long Missed { get; init; }
}
