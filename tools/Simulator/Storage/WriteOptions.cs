namespace Fleet.Simulator.Storage;

/// <summary>How a write was asked for: who writes (the field manager), whether to store it, and on which subresource.</summary>
/// <param name="Manager">Field manager recorded in managedFields.</param>
/// <param name="DryRun">Run every step and store nothing (<c>dryRun=All</c>).</param>
/// <param name="Now">The write's time, for timestamps.</param>
/// <param name="Force">Server-side apply only: take conflicting fields from other managers.</param>
/// <param name="Subresource"><c>status</c> for writes to the status subresource; null for the main resource.</param>
public sealed record WriteOptions(string Manager, bool DryRun, DateTimeOffset Now, bool Force = false, string? Subresource = null)
{
    /// <summary>A DELETE's <c>preconditions.uid</c>: the object is deleted only while it is still that object.</summary>
    public string? PreconditionUid { get; init; }
}

/// <summary>The stored result of a write and whether it created the object (201 rather than 200).</summary>
public sealed record WriteResult(StoredObject Object, bool Created);

/// <summary>The patch formats the API server accepts besides server-side apply.</summary>
public enum PatchKind { Merge, Strategic, Json }

/// <summary>The outcome of a DELETE: the object was marked for deletion (finalizers pending) or removed.</summary>
public sealed record DeleteResult(StoredObject Object, bool Removed);
