using System.Collections.Concurrent;
using Fleet.Grains.FleetView;
using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Clusters;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Grains.Interfaces.Repositories;

namespace Fleet.Grains.Runtime;

/// <summary>
/// The references instances report to, resolved once per silo and shared: resolving one looks its interface up by
/// reflection (a visible share of a commit's CPU when every report resolved again; bench/README.md), and a reference held
/// by each of ten thousand instances costs memory per instance, where a silo has a few hundred distinct ones.
/// </summary>
public sealed class GrainReferences(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, IClusterGrain> _clusters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IApplicationGrain> _applications = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IRepositoryGrain> _repositories = new(StringComparer.Ordinal);

    /// <summary>This silo's aggregator of cluster reports for the fleet summary.</summary>
    public IFleetAggregatorGrain FleetAggregator { get; } = grains.GetGrain<IFleetAggregatorGrain>(0);

    /// <summary>This silo's aggregator of instance rows for the index.</summary>
    public IInstanceIndexAggregatorGrain IndexAggregator { get; } = InstanceIndexReporter.Aggregator(grains);

    public IClusterGrain Cluster(string name) => _clusters.GetOrAdd(name, static (n, g) => g.GetGrain<IClusterGrain>(n), grains);

    public IApplicationGrain Application(string name) => _applications.GetOrAdd(name, static (n, g) => g.GetGrain<IApplicationGrain>(n), grains);

    public IRepositoryGrain Repository(string name) => _repositories.GetOrAdd(name, static (n, g) => g.GetGrain<IRepositoryGrain>(n), grains);
}
