using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.ImageAutomation;

/// <summary>Registers the registry client and the Git writer image automation's grains use.</summary>
public static class ImageAutomationServiceExtensions
{
    public static IServiceCollection AddFleetImageAutomation(this IServiceCollection services)
    {
        services.AddOptions<ImageAutomationOptions>().BindConfiguration("Fleet:ImageAutomation")
            .Validate(o => o.RegistryPageSize >= 1 && o.PushAttempts >= 1 && o.UpdateInterval > TimeSpan.Zero && o.RegistryTimeout > TimeSpan.Zero,
                "Fleet:ImageAutomation needs RegistryPageSize and PushAttempts of at least 1 and positive UpdateInterval and RegistryTimeout.")
            .ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ImageAutomationOptions>>().Value;
            // One client per silo; connections are recycled so a registry's changed DNS is noticed.
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = Timeout.InfiniteTimeSpan, // the client's own deadline covers the whole scan
            };
            return new RegistryClient(http, new RegistryClientOptions { PageSize = o.RegistryPageSize, Timeout = o.RegistryTimeout });
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ImageAutomationOptions>>().Value;
            return new ImageUpdateWriter(new ImageUpdateWriterOptions
            {
                PushAttempts = o.PushAttempts,
                WorkDirectory = o.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "fleet-image-updates"),
            });
        });
        return services;
    }
}
