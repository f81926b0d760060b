using Fleet.Engine.Status;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Grains.FleetView;

/// <summary>
/// The rows of one index partition, kept sorted by (application, cluster) in one array-backed list: a lookup or a
/// page start is a binary search, a filtered page is one pass over structs already in memory, and a change replaces
/// one slot. A partition holds about an eighth of the fleet, so inserting into the list is a short memory move.
/// </summary>
public sealed class InstanceIndex
{
    private readonly List<InstanceRow> _rows = [];

    /// <summary>Rows held.</summary>
    public int Count => _rows.Count;

    /// <summary>Orders rows and positions: application, then cluster, ordinal.</summary>
    public static int Compare(string application, string cluster, string otherApplication, string otherCluster)
    {
        var byApplication = string.CompareOrdinal(application, otherApplication);
        return byApplication != 0 ? byApplication : string.CompareOrdinal(cluster, otherCluster);
    }

    /// <summary>
    /// Applies a row: a newer (or equally new) row replaces the one held, a removed row drops it. An older row loses:
    /// reports from a grain that moved between silos may arrive out of order.
    /// </summary>
    /// <returns>True when the index changed.</returns>
    public bool Apply(InstanceRow row)
    {
        var at = Find(row.Application, row.Cluster);
        if (at >= 0)
        {
            if (row.ChangedAt < _rows[at].ChangedAt)
            {
                return false;
            }
            if (row.Removed)
            {
                _rows.RemoveAt(at);
            }
            else
            {
                _rows[at] = row;
            }
            return true;
        }
        if (row.Removed)
        {
            return false;
        }
        _rows.Insert(~at, row);
        return true;
    }

    /// <summary>The row of one instance, or null.</summary>
    public InstanceRow? Get(string application, string cluster)
    {
        var at = Find(application, cluster);
        return at >= 0 ? _rows[at] : null;
    }

    /// <summary>
    /// Up to <see cref="InstanceQuery.Limit"/> matching rows after the query's start key, with the number of all
    /// matches and of the matches from the start key on.
    /// </summary>
    public InstancePage Query(InstanceQuery query, IReadOnlySet<string>? clusters)
    {
        var start = 0;
        if (query.After is { } after)
        {
            var at = Find(after.Application, after.Cluster);
            start = at >= 0 ? at + 1 : ~at;
        }
        var limit = Math.Max(0, query.Limit);
        var applications = query.Applications is null ? null : new HashSet<string>(query.Applications, StringComparer.Ordinal);
        var page = new List<InstanceRow>(Math.Min(limit, 64));
        var total = 0;
        var remaining = 0;
        for (var i = 0; i < _rows.Count; i++)
        {
            var row = _rows[i];
            if (!Matches(row, query, clusters) || (applications is not null && !applications.Contains(row.Application)))
            {
                continue;
            }
            total++;
            if (i >= start)
            {
                remaining++;
                if (page.Count < limit)
                {
                    page.Add(row);
                }
            }
        }
        return new InstancePage { Rows = page, Total = total, Remaining = remaining };
    }

    /// <summary>Instance counts by application: one pass with a counter array per application, records built once at the end.</summary>
    public Dictionary<string, InstanceCounts> CountByApplication()
    {
        var tallies = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var row in _rows)
        {
            if (!tallies.TryGetValue(row.Application, out var t))
            {
                t = new int[3 + 6];
                tallies[row.Application] = t;
            }
            t[(int)row.Sync]++;
            t[3 + (int)row.Health]++;
        }
        var counts = new Dictionary<string, InstanceCounts>(tallies.Count, StringComparer.Ordinal);
        foreach (var (application, t) in tallies)
        {
            counts[application] = new InstanceCounts
            {
                Total = t[0] + t[1] + t[2],
                SyncUnknown = t[(int)SyncStatus.Unknown],
                Synced = t[(int)SyncStatus.Synced],
                OutOfSync = t[(int)SyncStatus.OutOfSync],
                Healthy = t[3 + (int)HealthStatus.Healthy],
                Suspended = t[3 + (int)HealthStatus.Suspended],
                Progressing = t[3 + (int)HealthStatus.Progressing],
                Missing = t[3 + (int)HealthStatus.Missing],
                Degraded = t[3 + (int)HealthStatus.Degraded],
                Unknown = t[3 + (int)HealthStatus.Unknown],
            };
        }
        return counts;
    }

    private static bool Matches(InstanceRow row, InstanceQuery query, IReadOnlySet<string>? clusters) =>
        (query.Application is null || row.Application == query.Application)
        && (query.Cluster is null || row.Cluster == query.Cluster)
        && (query.Sync is null || row.Sync == query.Sync)
        && (query.Health is null || row.Health == query.Health)
        && (clusters is null || clusters.Contains(row.Cluster));

    /// <summary>The index of the row, or the bitwise complement of where it would go.</summary>
    private int Find(string application, string cluster)
    {
        var low = 0;
        var high = _rows.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) >> 1);
            var row = _rows[mid];
            var order = Compare(row.Application, row.Cluster, application, cluster);
            if (order == 0)
            {
                return mid;
            }
            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return ~low;
    }
}
