using System.Security.Claims;
using Fleet.Api.Security;
using Fleet.Grains.Interfaces;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces.ImageAutomation;
using Fleet.Grains.Interfaces.Repositories;

namespace Fleet.Web.Reading;

/// <summary>
/// The reads of the UI's pages, each the grain call its API endpoint makes, under the API's project scoping: an
/// application outside a scoped caller's projects reads as missing (the API's 404), lists leave it out.
/// </summary>
public sealed class FleetReader(IGrainFactory grains)
{
    /// <summary>How far back the event journal is read for a page's recent events.</summary>
    public const int RecentWindow = 2048;

    /// <summary>An application with its instances, or null when there is none the caller may see.</summary>
    public async Task<ApplicationView?> ApplicationAsync(string name, ClaimsPrincipal user)
    {
        var view = await grains.GetGrain<IApplicationGrain>(name).GetAsync();
        return view is not null && ProjectAccess.Of(user).Allows(view.Spec) ? view : null;
    }

    /// <summary>One instance, or null when there is none the caller may see.</summary>
    public async Task<InstanceView?> InstanceAsync(string application, string cluster, ClaimsPrincipal user)
    {
        if (!await ProjectAccess.Of(user).AllowsApplicationAsync(grains, application))
        {
            return null;
        }
        return await grains.GetGrain<IApplicationInstanceGrain>($"{application}/{cluster}").GetAsync();
    }

    /// <summary>The index rows (status and first reason) of the instances matching <paramref name="query"/> that the caller may see.</summary>
    public async Task<InstancePage> InstancesAsync(InstanceQuery query, ClaimsPrincipal user) =>
        await grains.GetGrain<IInstanceQueryGrain>(0).QueryAsync(query with { Applications = await ProjectAccess.Of(user).ApplicationsAsync(grains) });

    /// <summary>Every cluster by name (clusters are readable to every caller, scoped or not, as in the API).</summary>
    public async Task<IReadOnlyList<ClusterView>> ClustersAsync(IReadOnlyList<string> names) =>
        [.. (await Task.WhenAll(names.Select(n => grains.GetGrain<IClusterGrain>(n).GetAsync()))).OfType<ClusterView>()];

    /// <summary>The names of every registered cluster, ordered.</summary>
    public async Task<IReadOnlyList<string>> ClusterNamesAsync() =>
        [.. (await grains.FleetDirectory().GetClustersAsync()).Keys.Order(StringComparer.Ordinal)];

    /// <summary>Every registered repository (Git and Helm), ordered by name; readable to every caller, as in the API.</summary>
    public async Task<IReadOnlyList<RepositoryView>> RepositoriesAsync() =>
        [.. (await Task.WhenAll((await grains.FleetDirectory().GetRepositoriesAsync()).Order(StringComparer.Ordinal)
            .Select(n => grains.GetGrain<IRepositoryGrain>(n).GetAsync()))).OfType<RepositoryView>()];

    /// <summary>The image repositories, policies and updates, each ordered by name.</summary>
    public async Task<ImageAutomationViews> ImageAutomationAsync()
    {
        var directory = grains.ImageAutomationDirectory();
        var repositories = await Task.WhenAll((await directory.GetRepositoriesAsync()).Order(StringComparer.Ordinal)
            .Select(n => grains.GetGrain<IImageRepositoryGrain>(n).GetAsync()));
        var policies = await Task.WhenAll((await directory.GetPoliciesAsync()).Order(StringComparer.Ordinal)
            .Select(n => grains.GetGrain<IImagePolicyGrain>(n).GetAsync()));
        var updates = await Task.WhenAll((await directory.GetUpdatesAsync()).Order(StringComparer.Ordinal)
            .Select(n => grains.GetGrain<IImageUpdateGrain>(n).GetAsync()));
        return new([.. repositories.OfType<ImageRepositoryView>()], [.. policies.OfType<ImagePolicyView>()], [.. updates.OfType<ImageUpdateView>()]);
    }

    /// <summary>One cluster, or null.</summary>
    public Task<ClusterView?> ClusterAsync(string name) => grains.GetGrain<IClusterGrain>(name).GetAsync();

    /// <summary>
    /// The latest events of the journal (within <see cref="RecentWindow"/>) that <paramref name="keep"/> accepts,
    /// newest first, at most <paramref name="max"/>; and the sequence to follow the stream from.
    /// </summary>
    public async Task<(IReadOnlyList<FleetEvent> Events, long Cursor)> RecentEventsAsync(Func<FleetEvent, ValueTask<bool>> keep, int max)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var journal = grains.EventJournal();
        var last = await journal.GetLastSequenceAsync();
        var cursor = Math.Max(0, last - RecentWindow);
        var kept = new List<FleetEvent>();
        while (cursor < last)
        {
            var page = await journal.ReadAsync(cursor, 256, TimeSpan.Zero);
            if (page.Events.Count == 0)
            {
                break;
            }
            foreach (var e in page.Events)
            {
                if (await keep(e))
                {
                    kept.Add(e);
                }
            }
            cursor = page.Events[^1].Sequence;
        }
        kept.Reverse();
        return (kept.Take(max).ToList(), cursor);
    }
}

/// <summary>What the repositories page shows of image automation.</summary>
public sealed record ImageAutomationViews(
    IReadOnlyList<ImageRepositoryView> Repositories, IReadOnlyList<ImagePolicyView> Policies, IReadOnlyList<ImageUpdateView> Updates);
