using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Notifications;

/// <summary>Registers what notification sinks need on every silo.</summary>
public static class NotificationServiceExtensions
{
    /// <summary>Binds <see cref="NotificationOptions"/> from "Fleet:Notifications" and adds the HTTP client deliveries use.</summary>
    public static IServiceCollection AddFleetNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration("Fleet:Notifications");
        // Each request carries its own timeout from the options; the client's own is only a backstop.
        services.AddHttpClient(NotificationSinkGrain.HttpClientName, (sp, client) =>
            client.Timeout = sp.GetRequiredService<IOptions<NotificationOptions>>().Value.RequestTimeout + TimeSpan.FromSeconds(5));
        // A sink's URL is its secret (Slack and webhook URLs carry the token): the client factory's request logging
        // writes URLs at Information, so that client logs nothing below Warning.
        services.AddLogging(logging => logging.AddFilter($"System.Net.Http.HttpClient.{NotificationSinkGrain.HttpClientName}", LogLevel.Warning));
        return services;
    }
}
