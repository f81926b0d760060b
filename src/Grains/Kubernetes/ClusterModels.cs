using System.Text.Json.Nodes;

namespace Fleet.Grains.Kubernetes;

/// <summary>Where a kind lives on one cluster's API server, as discovery reports it.</summary>
/// <param name="ApiVersion"><c>v1</c> for the core group, else <c>group/version</c>.</param>
/// <param name="Kind">The kind, as in manifests (<c>Deployment</c>).</param>
/// <param name="Plural">The resource name in URLs (<c>deployments</c>).</param>
/// <param name="Namespaced">Whether objects of the kind live in a namespace.</param>
public sealed record ResourceMapping(string ApiVersion, string Kind, string Plural, bool Namespaced);

/// <summary>What <c>GET /version</c> reports.</summary>
/// <param name="GitVersion">The server's version (<c>v1.33.0</c>).</param>
public sealed record ServerInfo(string GitVersion);

/// <summary>What a watch reports.</summary>
public enum WatchChangeType
{
    /// <summary>An object appeared, or was listed by a (re)list.</summary>
    Added,

    /// <summary>An object changed.</summary>
    Modified,

    /// <summary>An object is gone (or, with a label selector, no longer matches).</summary>
    Deleted,

    /// <summary>
    /// A (re)list is complete: the objects Added since the previous <see cref="Synced"/> (or the start) are the whole
    /// current set, so anything known before and not listed again was deleted while the watch was not looking.
    /// </summary>
    Synced,
}

/// <summary>One change reported by <see cref="IClusterConnection.WatchAsync"/>.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Object">The object after the change (for Deleted: its last state); null for Synced.</param>
public sealed record WatchChange(WatchChangeType Type, JsonObject? Object);
