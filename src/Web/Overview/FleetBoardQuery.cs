using System.Security.Claims;
using Fleet.Api.Security;
using Fleet.Api.Validation;
using Fleet.Engine.Status;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Interfaces.Fleet;

namespace Fleet.Web.Overview;

/// <summary>What the overview shows: the fleet summary and one page of the grid, or why the filter is refused.</summary>
public sealed record BoardResult(
    FleetSummary Summary,
    FleetGrid Grid,
    int Total,
    string? Next,
    IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// Reads the overview from the same in-memory sources as <c>/api/v1/fleet</c> and <c>/api/v1/instances</c>: the
/// summary grain and the instance index, with the API's validation of every filter and its project scoping (a
/// project-scoped caller sees its projects' applications only). Paged on the server: a page is at most
/// <see cref="PageSize"/> instances, whatever the size of the fleet.
/// </summary>
public sealed class FleetBoardQuery(IGrainFactory grains)
{
    /// <summary>Instances per page of the grid.</summary>
    public const int PageSize = 200;

    /// <summary>The fleet summary alone, a memory lookup.</summary>
    public Task<FleetSummary> ReadSummaryAsync() => grains.FleetSummary().GetAsync();

    /// <summary>The summary and the page <paramref name="filter"/> asks for, as <paramref name="user"/> may see it.</summary>
    public async Task<BoardResult> ReadAsync(BoardFilter filter, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var summaryTask = grains.FleetSummary().GetAsync();
        var validation = new RequestValidation();
        var application = Blank(filter.Application);
        var cluster = Blank(filter.Cluster);
        if (application is not null)
        {
            validation.Name("application", application);
        }
        if (cluster is not null)
        {
            validation.Name("cluster", cluster);
        }
        var sync = validation.Enum<SyncStatus>("sync", Blank(filter.Sync));
        var health = validation.Enum<HealthStatus>("health", Blank(filter.Health));
        var selector = validation.Selector("selector", Blank(filter.Selector));
        var after = validation.Continue(Blank(filter.Continue), 2);
        if (!validation.IsValid)
        {
            return new BoardResult(await summaryTask, FleetGrid.From([]), 0, null, validation.Errors.AsReadOnly());
        }
        var page = await grains.GetGrain<IInstanceQueryGrain>(0).QueryAsync(new InstanceQuery
        {
            Application = application,
            Cluster = cluster,
            Sync = sync,
            Health = health,
            Selector = selector,
            After = after is null ? null : new InstanceKeyPosition(after[0], after[1]),
            Limit = PageSize,
            Applications = await VisibleApplicationsAsync(ProjectAccess.Of(user), Blank(filter.Search)),
        });
        var rows = page.Rows;
        var next = page.Remaining > rows.Count && rows.Count > 0 ? Paging.Token(rows[^1].Application, rows[^1].Cluster) : null;
        return new BoardResult(await summaryTask, FleetGrid.From(rows), page.Total, next, new Dictionary<string, string[]>());
    }

    // The applications the caller may see whose name contains the search text; null when neither narrows anything.
    private async Task<IReadOnlyList<string>?> VisibleApplicationsAsync(ProjectAccess access, string? search)
    {
        var allowed = await access.ApplicationsAsync(grains);
        if (search is null)
        {
            return allowed;
        }
        var names = allowed ?? await grains.FleetDirectory().GetApplicationsAsync();
        return [.. names.Where(n => n.Contains(search, StringComparison.OrdinalIgnoreCase))];
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
