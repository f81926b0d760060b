using Fleet.Grains.Runtime;

namespace Fleet.Silo.Hosting;

/// <summary>Configures the Orleans silo that hosts Fleet's grains.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Local mode: one silo with localhost clustering, in-memory grain storage and reminders.
    /// Production mode (Redis) is added by a later issue.
    /// </summary>
    public static IHostApplicationBuilder AddFleetSilo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFleetGrainServices();
        builder.UseOrleans(silo =>
        {
            // Ports are configurable so that several local silos (or tests) can run on one machine.
            var siloPort = builder.Configuration.GetValue("Fleet:SiloPort", 11111);
            var gatewayPort = builder.Configuration.GetValue("Fleet:GatewayPort", 30000);
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.AddMemoryGrainStorage("fleet");
            silo.UseInMemoryReminderService();
        });
        return builder;
    }
}
