using System.Text.Json.Nodes;
using System.Text.Json;
using Fleet.Kubernetes.Json;

namespace Fleet.Reconciler.Kubernetes;

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
    /// The watch's history expired and it lists again: the Added changes that follow, up to <see cref="Synced"/>, are
    /// everything there is. Not sent before the first list.
    /// </summary>
    Relisting,

    /// <summary>
    /// A (re)list is complete: the objects Added since the previous <see cref="Synced"/> (or the start) are the whole
    /// current set, so anything known before and not listed again was deleted while the watch was not looking.
    /// </summary>
    Synced,
}

/// <summary>
/// One change reported by <see cref="IClusterConnection.WatchAsync"/>. A change read from a watch stream keeps the
/// object as the server's UTF-8 JSON and builds a document only when <see cref="Object"/> is asked for: informers
/// read a label from it and pass the text on to an instance, which parses it once.
/// </summary>
public sealed class WatchChange
{
    private readonly byte[]? _utf8;
    private JsonObject? _object;

    /// <summary>A change with its object as a document (a listed object), or Synced with none.</summary>
    public WatchChange(WatchChangeType type, JsonObject? obj)
    {
        Type = type;
        _object = obj;
    }

    /// <summary>A change with its object as UTF-8 JSON.</summary>
    public WatchChange(WatchChangeType type, byte[] utf8)
    {
        Type = type;
        _utf8 = utf8;
    }

    /// <summary>What happened.</summary>
    public WatchChangeType Type { get; }

    /// <summary>The object after the change (for Deleted: its last state); null for Synced.</summary>
    public JsonObject? Object => _object ??= _utf8 is null ? null : JsonNode.Parse(_utf8)!.AsObject();

    /// <summary>The object as UTF-8 JSON (the very bytes the server sent, when read from a stream); null for Synced.</summary>
    public byte[]? ToUtf8() => _utf8 ?? (_object is null ? null : JsonSerializer.SerializeToUtf8Bytes(_object));

    /// <summary>The value of the object's label <paramref name="key"/>, or null.</summary>
    public string? Label(string key) =>
        _utf8 is not null
            ? JsonScan.String(_utf8, "metadata", "labels", key)
            : JsonScan.String(_object, "metadata", "labels", key);
}
