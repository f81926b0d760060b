using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Web.Overview;

/// <summary>
/// A page of instance rows laid out as applications by clusters: a row per application, a column per cluster that
/// any of them runs on, and a cell where an application has an instance. Pure: built from the index's rows, which
/// come ordered by application, then cluster.
/// </summary>
public sealed class FleetGrid
{
    private readonly Dictionary<(string Application, string Cluster), InstanceRow> _cells;

    private FleetGrid(IReadOnlyList<string> applications, IReadOnlyList<string> clusters, Dictionary<(string, string), InstanceRow> cells)
    {
        Applications = applications;
        Clusters = clusters;
        _cells = cells;
    }

    /// <summary>The rows: applications in the order of the page.</summary>
    public IReadOnlyList<string> Applications { get; }

    /// <summary>The columns: every cluster of the page, by name.</summary>
    public IReadOnlyList<string> Clusters { get; }

    /// <summary>The instance of <paramref name="application"/> on <paramref name="cluster"/>, or null when there is none on this page.</summary>
    public InstanceRow? Cell(string application, string cluster) => _cells.GetValueOrDefault((application, cluster));

    /// <summary>Lays out <paramref name="rows"/>.</summary>
    public static FleetGrid From(IReadOnlyList<InstanceRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var applications = rows.Select(r => r.Application).Distinct(StringComparer.Ordinal).ToList();
        var clusters = rows.Select(r => r.Cluster).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var cells = new Dictionary<(string, string), InstanceRow>();
        foreach (var row in rows)
        {
            cells[(row.Application, row.Cluster)] = row;
        }
        return new FleetGrid(applications, clusters, cells);
    }
}
