namespace Fleet.Web.Overview;

/// <summary>
/// The filters of the overview's grid as the page's query string carries them, so that a filtered view is a link
/// one can bookmark or share. Every field is optional; empty strings count as absent.
/// </summary>
public sealed record BoardFilter
{
    /// <summary>A cluster label selector: <c>env=prod,region in (eu,us)</c>.</summary>
    public string? Selector { get; init; }

    /// <summary>Healthy, Suspended, Progressing, Missing, Degraded or Unknown.</summary>
    public string? Health { get; init; }

    /// <summary>Synced, OutOfSync or Unknown.</summary>
    public string? Sync { get; init; }

    /// <summary>One application by name.</summary>
    public string? Application { get; init; }

    /// <summary>One cluster by name.</summary>
    public string? Cluster { get; init; }

    /// <summary>Text the application's name contains (case-insensitive).</summary>
    public string? Search { get; init; }

    /// <summary>The continue token of the page before (null: the first page).</summary>
    public string? Continue { get; init; }

    /// <summary>Whether any filter is set (paging aside).</summary>
    public bool IsFiltered => new[] { Selector, Health, Sync, Application, Cluster, Search }.Any(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>The query string of this filter (with a leading <c>?</c>, or empty), paging included.</summary>
    public string ToQuery()
    {
        var pairs = new (string Key, string? Value)[]
        {
            ("selector", Selector), ("health", Health), ("sync", Sync), ("application", Application), ("cluster", Cluster),
            ("q", Search), ("continue", Continue),
        };
        var parts = pairs.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!.Trim())}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

/// <summary>The two live parts of the overview.</summary>
public enum BoardPart
{
    /// <summary>Clusters by connectivity, instances by sync and health.</summary>
    Summary,

    /// <summary>The filtered page of the applications x clusters grid.</summary>
    Grid,
}
