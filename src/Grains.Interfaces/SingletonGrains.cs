using Fleet.Grains.Interfaces.Events;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces.Repositories;
using Fleet.Grains.Interfaces.Security;

namespace Fleet.Grains.Interfaces;

/// <summary>
/// The grains Fleet has one of, each reached by a typed reference instead of a key repeated at every call site: a
/// misspelt key would silently make a second, empty directory or token registry.
/// </summary>
public static class SingletonGrains
{
    private const string FleetKey = "fleet";

    /// <summary>The names of every cluster, repository and application, with cluster labels and application specs.</summary>
    public static IFleetDirectoryGrain FleetDirectory(this IGrainFactory grains) => grains.GetGrain<IFleetDirectoryGrain>(FleetKey);

    /// <summary>The fleet's roll-up of cluster connectivity and instance statuses.</summary>
    public static IFleetSummaryGrain FleetSummary(this IGrainFactory grains) => grains.GetGrain<IFleetSummaryGrain>(FleetKey);

    /// <summary>Registered repositories by remote URL and branch, for webhooks.</summary>
    public static IRepositoryIndexGrain RepositoryIndex(this IGrainFactory grains) => grains.GetGrain<IRepositoryIndexGrain>(FleetKey);

    /// <summary>The recent events, for the event stream's resume.</summary>
    public static IEventJournalGrain EventJournal(this IGrainFactory grains) => grains.GetGrain<IEventJournalGrain>(FleetKey);

    /// <summary>API tokens, stored as hashes.</summary>
    public static ITokenRegistryGrain TokenRegistry(this IGrainFactory grains) => grains.GetGrain<ITokenRegistryGrain>("tokens");

    /// <summary>The audit log of mutating API calls.</summary>
    public static IAuditLogGrain AuditLog(this IGrainFactory grains) => grains.GetGrain<IAuditLogGrain>("audit");
}
