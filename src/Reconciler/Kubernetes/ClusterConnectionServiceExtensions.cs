using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Reconciler.Kubernetes;

/// <summary>Registers how a silo connects to clusters.</summary>
public static class ClusterConnectionServiceExtensions
{
    /// <summary>
    /// Binds <see cref="ClusterConnectionOptions"/> from "Fleet:Clusters", checks them when the host starts (a bad
    /// rate or timeout fails the start, naming the key, instead of the first request to a cluster) and adds the
    /// connection factory.
    /// </summary>
    public static IServiceCollection AddFleetClusterConnections(this IServiceCollection services)
    {
        services.AddOptions<ClusterConnectionOptions>().BindConfiguration(ClusterConnectionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterConnectionOptions>, ClusterConnectionOptionsValidator>());
        services.TryAddSingleton<IClusterConnectionFactory>(sp =>
            new ClusterConnectionFactory(sp.GetRequiredService<IOptions<ClusterConnectionOptions>>().Value));
        return services;
    }

    private sealed class ClusterConnectionOptionsValidator : IValidateOptions<ClusterConnectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClusterConnectionOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
