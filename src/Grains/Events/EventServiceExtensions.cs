using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fleet.Grains.Events;

/// <summary>Registers the per-silo event publisher.</summary>
public static class EventServiceExtensions
{
    /// <summary>Adds <see cref="FleetEventPublisher"/> (a hosted service) and binds <see cref="EventOptions"/> from "Fleet:Events".</summary>
    public static IServiceCollection AddFleetEvents(this IServiceCollection services)
    {
        services.AddOptions<EventOptions>().BindConfiguration("Fleet:Events");
        if (services.Any(d => d.ServiceType == typeof(FleetEventPublisher)))
        {
            return services;
        }
        services.TryAddSingleton<FleetEventPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetEventPublisher>());
        return services;
    }
}
