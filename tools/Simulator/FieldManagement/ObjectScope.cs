namespace Fleet.Simulator.FieldManagement;

/// <summary>
/// Where a walk over an object is, as far as untracked fields care: the API server never records ownership of
/// <c>apiVersion</c>, <c>kind</c> and the identity and bookkeeping fields of <c>metadata</c>.
/// </summary>
internal enum ObjectScope
{
    /// <summary>The top-level object.</summary>
    Root,

    /// <summary>The top-level <c>metadata</c>.</summary>
    RootMetadata,

    /// <summary>Anywhere else.</summary>
    Nested,
}

/// <summary>Rules about which fields are tracked.</summary>
internal static class TrackedFields
{
    private static readonly HashSet<string> UntrackedAtRoot = ["apiVersion", "kind"];

    private static readonly HashSet<string> UntrackedInMetadata =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "selfLink", "managedFields",
    ];

    /// <summary>True when field <paramref name="name"/> in <paramref name="scope"/> is never owned by anyone.</summary>
    public static bool IsUntracked(ObjectScope scope, string name) => scope switch
    {
        ObjectScope.Root => UntrackedAtRoot.Contains(name),
        ObjectScope.RootMetadata => UntrackedInMetadata.Contains(name),
        _ => false,
    };

    /// <summary>The scope of field <paramref name="name"/> inside <paramref name="scope"/>.</summary>
    public static ObjectScope Enter(ObjectScope scope, string name) =>
        scope == ObjectScope.Root && name == "metadata" ? ObjectScope.RootMetadata : ObjectScope.Nested;
}
