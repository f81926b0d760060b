using System.Text;
using System.Text.Json.Nodes;

namespace Fleet.Simulator.FieldManagement;

/// <summary>
/// Server-side apply and field ownership (<c>metadata.managedFields</c>), as the API server does them with
/// structured-merge-diff. Pure functions over JSON: no input is changed.
/// </summary>
public static class FieldManager
{
    private static readonly PathElement[] MetadataPath = [PathElement.Field("metadata")];

    /// <summary>
    /// Server-side apply of <paramref name="applied"/> (the user's partial configuration) by
    /// <paramref name="manager"/> onto <paramref name="live"/> (null when the object does not exist yet).
    /// Returns the merged object with <c>metadata.managedFields</c> updated, or the conflicts.
    /// </summary>
    /// <param name="live">The stored object, with its managedFields; null to create.</param>
    /// <param name="applied">The applied configuration; may not carry managedFields.</param>
    /// <param name="manager">The field manager (the <c>fieldManager</c> query parameter).</param>
    /// <param name="force">Take conflicting fields from their owners instead of failing.</param>
    /// <param name="schema">The merge schema of the object's type.</param>
    /// <param name="apiVersion">The apiVersion the request was made with, recorded on the entry.</param>
    /// <param name="now">The time recorded on the entry when the apply changes something.</param>
    /// <param name="subresource">The subresource applied through, such as <c>status</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="applied"/> contains <c>metadata.managedFields</c>.</exception>
    public static ApplyOutcome Apply(JsonObject? live, JsonObject applied, string manager, bool force,
        MergeSchema schema, string apiVersion, DateTimeOffset now, string? subresource = null)
    {
        if (applied["metadata"] is JsonObject metadata && metadata["managedFields"] is not null)
        {
            throw new ArgumentException("metadata.managedFields must be nil", nameof(applied));
        }

        var root = schema.Root;
        var entries = ManagedFieldsEntry.ReadAll(live);
        var before = WithoutManagedFields(live);
        var merged = ObjectMerger.Merge(before, applied, root)!.AsObject();

        var identity = ManagedFieldsEntry.IdentityOf(manager, ManagedFieldsEntry.Apply, null, subresource);
        var own = entries.Find(e => e.Identity == identity);
        var isNew = own is null;
        if (own is null)
        {
            own = new ManagedFieldsEntry { Manager = manager, Operation = ManagedFieldsEntry.Apply, Subresource = subresource };
            entries.Add(own);
        }

        var previous = own.Fields;
        var others = entries.Where(e => e != own).ToList();
        var appliedFields = ObjectFields.ToFieldSet(applied, root);
        Prune(merged, previous, appliedFields, others, root);

        var comparison = ObjectFields.Compare(before, merged, root);
        var conflicts = FindConflicts(others, comparison.Changed);
        if (conflicts.Count > 0 && !force)
        {
            return new ApplyOutcome(null, conflicts);
        }

        // Forced fields move to this manager; removed fields are nobody's any more.
        foreach (var other in others)
        {
            other.Fields = other.Fields.Difference(comparison.Changed).Difference(comparison.Removed);
        }

        own.Fields = appliedFields;
        own.ApiVersion = apiVersion;
        var objectChanged = !JsonNode.DeepEquals(before, merged);
        if (isNew || objectChanged || !previous.SetEquals(appliedFields))
        {
            own.Touch(now);
        }

        ManagedFieldsEntry.WriteAll(merged, entries);
        return new ApplyOutcome(merged, []);
    }

    /// <summary>
    /// Ownership for a write that is not an apply (create, update, merge or JSON patch, a controller's status
    /// write): the fields the write adds or changes become owned by (<paramref name="manager"/>, Update,
    /// <paramref name="apiVersion"/>, <paramref name="subresource"/>) and are taken from every other manager; the
    /// fields it removes are dropped from every manager. Returns a copy of <paramref name="updated"/> with
    /// <c>metadata.managedFields</c> set from those of <paramref name="live"/>.
    /// </summary>
    /// <param name="live">The stored object, with its managedFields; null for a create.</param>
    /// <param name="updated">The object as the write leaves it; its own managedFields are ignored.</param>
    /// <param name="manager">The field manager: <c>fieldManager</c>, or the User-Agent up to the first <c>/</c>.</param>
    /// <param name="schema">The merge schema of the object's type.</param>
    /// <param name="apiVersion">The apiVersion the request was made with.</param>
    /// <param name="now">The time recorded on the manager's entry when the write sets something.</param>
    /// <param name="subresource">The subresource written through, such as <c>status</c>.</param>
    public static JsonObject Update(JsonObject? live, JsonObject updated, string manager, MergeSchema schema,
        string apiVersion, DateTimeOffset now, string? subresource = null)
    {
        var root = schema.Root;
        var entries = ManagedFieldsEntry.ReadAll(live);
        var before = WithoutManagedFields(live);
        var after = WithoutManagedFields(updated)!;
        var comparison = ObjectFields.Compare(before, after, root);

        var identity = ManagedFieldsEntry.IdentityOf(manager, ManagedFieldsEntry.Update, apiVersion, subresource);
        var own = entries.Find(e => e.Identity == identity);
        foreach (var other in entries.Where(e => e != own))
        {
            other.Fields = other.Fields.Difference(comparison.Changed).Difference(comparison.Removed);
        }

        if (own is null && !comparison.Changed.IsEmpty)
        {
            own = new ManagedFieldsEntry
            {
                Manager = manager,
                Operation = ManagedFieldsEntry.Update,
                ApiVersion = apiVersion,
                Subresource = subresource,
            };
            entries.Add(own);
        }

        if (own is not null)
        {
            own.Fields = own.Fields.Difference(comparison.Removed).Union(comparison.Changed);
            if (!comparison.Changed.IsEmpty)
            {
                own.Touch(now);
            }
        }

        ManagedFieldsEntry.WriteAll(after, entries);
        return after;
    }

    /// <summary>
    /// The message of a 409 apply conflict: <c>Apply failed with 1 conflict: conflict with "kube-controller-manager"
    /// using apps/v1: .spec.replicas</c>, or for several the conflicts grouped by manager, managers sorted.
    /// </summary>
    public static string FormatConflictMessage(IReadOnlyList<FieldConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].ManagerDescription}: {conflicts[0].Path}";
        }

        var message = new StringBuilder($"Apply failed with {conflicts.Count} conflicts: ");
        var groups = conflicts.GroupBy(c => c.ManagerIdentity).OrderBy(g => g.Key, StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var group in groups)
        {
            lines.Add($"conflicts with {group.First().ManagerDescription}:");
            lines.AddRange(group.Select(c => $"- {c.Path}"));
        }

        return message.Append(string.Join('\n', lines)).ToString();
    }

    /// <summary>
    /// Removes from <paramref name="merged"/> what this manager applied last time and no longer applies, unless
    /// some manager (this one included, through the new configuration) still owns it or something below it.
    /// </summary>
    private static void Prune(JsonObject merged, FieldSet previous, FieldSet applied, List<ManagedFieldsEntry> others, MergeNode root)
    {
        if (previous.IsEmpty)
        {
            return;
        }

        var stillOwned = others.Aggregate(applied, (owned, entry) => owned.Union(entry.Fields)).WithParentsAsMembers();
        // metadata holds the object's identity: it is emptied of unowned fields, never removed as a whole.
        var toRemove = previous.WithParentsAsMembers().Difference(stillOwned).WithoutMember(MetadataPath);
        ObjectMerger.Remove(merged, toRemove, root);
    }

    private static List<FieldConflict> FindConflicts(List<ManagedFieldsEntry> others, FieldSet changed) =>
    [
        .. others
            .OrderBy(e => e.Identity, StringComparer.Ordinal)
            .SelectMany(e => e.Fields.Intersection(changed).Members()
                .Select(path => new FieldConflict(e.Manager, e.Operation, e.ApiVersion, e.Subresource, PathElement.Format(path)))),
    ];

    private static JsonObject? WithoutManagedFields(JsonObject? obj)
    {
        var copy = obj?.DeepClone().AsObject();
        if (copy?["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
        }

        return copy;
    }
}
