using Fleet.Api.Security;
using Fleet.Grains.Interfaces.Events;

namespace Fleet.Web.Live;

/// <summary>
/// What a caller may see of the event stream, by the API's rule: everything for a caller of the whole fleet; for a
/// project-scoped one, only events of its projects' applications (a cluster's own events tell of other teams). Each
/// application is looked up once per page.
/// </summary>
public sealed class EventVisibility(ProjectAccess access, IGrainFactory grains)
{
    private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);

    /// <summary>Whether the caller may see <paramref name="e"/>.</summary>
    public async ValueTask<bool> AllowsAsync(FleetEvent e)
    {
        if (!access.IsScoped)
        {
            return true;
        }
        if (e.Application is not { } application)
        {
            return false;
        }
        if (!_known.TryGetValue(application, out var allowed))
        {
            _known[application] = allowed = await access.AllowsApplicationAsync(grains, application);
        }
        return allowed;
    }
}
