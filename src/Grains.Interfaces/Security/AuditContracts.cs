namespace Fleet.Grains.Interfaces.Security;

/// <summary>How a mutating API call ended.</summary>
[GenerateSerializer]
public enum AuditOutcome
{
    /// <summary>Answered with a 1xx, 2xx or 3xx status.</summary>
    Succeeded = 0,

    /// <summary>Refused by authentication or authorization (401, 403).</summary>
    Denied = 1,

    /// <summary>Any other 4xx or 5xx status.</summary>
    Failed = 2,
}

/// <summary>One mutating API call. Never holds a request body: bodies may carry secrets.</summary>
[GenerateSerializer, Immutable, Alias("fleet.AuditEntry")]
public sealed record AuditEntry
{
    [Id(0)] public required DateTimeOffset Time { get; init; }
    [Id(1)] public required string Who { get; init; }
    [Id(2)] public string? Role { get; init; }
    [Id(3)] public required string Method { get; init; }
    [Id(4)] public required string Path { get; init; }
    [Id(5)] public required int Status { get; init; }
    [Id(6)] public required AuditOutcome Outcome { get; init; }
}

/// <summary>A filter over the audit log; null fields match everything.</summary>
[GenerateSerializer, Immutable, Alias("fleet.AuditQuery")]
public sealed record AuditQuery
{
    [Id(0)] public string? Who { get; init; }
    [Id(1)] public AuditOutcome? Outcome { get; init; }
    [Id(2)] public DateTimeOffset? Since { get; init; }
    [Id(3)] public int Limit { get; init; } = 100;
}

/// <summary>The audit log (key "audit"): the last N mutating API calls, persisted.</summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Records calls (in the order given).</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries);

    /// <summary>Entries matching <paramref name="query"/>, newest first.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query);
}
