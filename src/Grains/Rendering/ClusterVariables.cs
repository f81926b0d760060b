namespace Fleet.Grains.Rendering;

/// <summary>
/// The values a manifest or an application path may reference as <c>{{cluster.name}}</c> and
/// <c>{{cluster.labels.KEY}}</c>.
/// </summary>
/// <param name="Name">The cluster's name.</param>
/// <param name="Labels">The cluster's labels (env=prod, region=eu).</param>
public sealed record ClusterVariables(string Name, IReadOnlyDictionary<string, string> Labels);
