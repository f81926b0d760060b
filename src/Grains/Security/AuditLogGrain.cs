using Fleet.Grains.Interfaces.Security;
using Microsoft.Extensions.Configuration;

namespace Fleet.Grains.Security;

/// <summary>Persisted state of the audit log: the last entries, oldest first.</summary>
[GenerateSerializer]
public sealed class AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary>
/// The audit log of mutating API calls, bounded to the last <c>Fleet:Audit:Capacity</c> entries (default 10,000).
/// API silos send entries in batches after their responses went out, so the log is never on a request's path.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit", "fleet")] IPersistentState<AuditLogState> state,
    IConfiguration configuration) : Grain, IAuditLogGrain
{
    /// <summary>The log's key.</summary>
    public const string Key = "audit";

    /// <summary>The configuration key of the bound.</summary>
    public const string CapacityKey = "Fleet:Audit:Capacity";

    /// <summary>The bound when none is configured.</summary>
    public const int DefaultCapacity = 10_000;

    private int Capacity => Math.Max(1, configuration.GetValue(CapacityKey, DefaultCapacity));

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        state.State.Entries.AddRange(entries);
        var excess = state.State.Entries.Count - Capacity;
        if (excess > 0)
        {
            state.State.Entries.RemoveRange(0, excess);
        }
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query)
    {
        var entries = state.State.Entries;
        var found = new List<AuditEntry>(Math.Min(query.Limit, 1000));
        // Newest first: walk from the end. Batches from several silos may interleave slightly out of time order, so
        // "since" filters rather than stops the walk.
        for (var i = entries.Count - 1; i >= 0 && found.Count < query.Limit; i--)
        {
            var entry = entries[i];
            if ((query.Since is null || entry.Time >= query.Since)
                && (query.Who is null || string.Equals(entry.Who, query.Who, StringComparison.Ordinal))
                && (query.Outcome is null || entry.Outcome == query.Outcome))
            {
                found.Add(entry);
            }
        }
        return Task.FromResult<IReadOnlyList<AuditEntry>>(found);
    }
}
