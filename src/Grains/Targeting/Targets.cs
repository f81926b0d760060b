using Fleet.Grains.Interfaces.Applications;
using Fleet.Grains.Interfaces.Fleet;
using Fleet.Kubernetes.Selectors;

namespace Fleet.Grains.Targeting;

/// <summary>Works out which registered clusters an application targets.</summary>
public static class Targets
{
    /// <summary>
    /// The clusters a destination targets: the named ones that are registered, plus the registered clusters whose labels
    /// match its selector when it has one. Sorted (ordinal) and distinct.
    /// </summary>
    /// <param name="destination">The application's destination.</param>
    /// <param name="clusterLabels">Every registered cluster and its labels.</param>
    public static IReadOnlyList<string> Resolve(Destination destination,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> clusterLabels)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Resolve(destination.Clusters, SelectorOf(destination), clusterLabels);
    }

    /// <summary>
    /// The clusters an application targets: the named ones that are registered, plus the registered clusters whose
    /// labels match the selector when one is given. Sorted (ordinal) and distinct.
    /// </summary>
    /// <param name="namedClusters">Clusters the application names explicitly.</param>
    /// <param name="selector">The application's cluster selector, or null when it selects by name only.</param>
    /// <param name="clusterLabels">Every registered cluster and its labels.</param>
    public static IReadOnlyList<string> Resolve(IReadOnlyCollection<string> namedClusters, LabelSelector? selector,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> clusterLabels)
    {
        ArgumentNullException.ThrowIfNull(namedClusters);
        ArgumentNullException.ThrowIfNull(clusterLabels);

        var named = namedClusters.Where(clusterLabels.ContainsKey);
        var selected = selector is null
            ? []
            : clusterLabels.Where(cluster => selector.Matches(cluster.Value)).Select(cluster => cluster.Key);

        return named.Concat(selected).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The destination's label selector (<c>matchLabels</c> and <c>matchExpressions</c>), or null when it selects by name
    /// only (neither is set).
    /// </summary>
    public static LabelSelector? SelectorOf(Destination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.MatchLabels is null && destination.MatchExpressions is null)
        {
            return null;
        }
        return new LabelSelector(
            destination.MatchLabels ?? new Dictionary<string, string>(),
            LabelRequirements.ToSelector(destination.MatchExpressions ?? []));
    }

    /// <summary>
    /// The named clusters that are not registered (sorted, distinct), so the application can say which names to fix.
    /// </summary>
    /// <param name="namedClusters">Clusters the application names explicitly.</param>
    /// <param name="clusterLabels">Every registered cluster and its labels.</param>
    public static IReadOnlyList<string> Unregistered(IReadOnlyCollection<string> namedClusters,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> clusterLabels)
    {
        ArgumentNullException.ThrowIfNull(namedClusters);
        ArgumentNullException.ThrowIfNull(clusterLabels);
        return namedClusters.Where(name => !clusterLabels.ContainsKey(name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
