namespace Fleet.Demo;

/// <summary>What the demo adds to the silo's host.</summary>
public static class DemoHosting
{
    // A demo is stopped with Ctrl+C and started again at once; the product's 30 s to hand grains over to other silos
    // buys nothing with one in-memory silo.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Defaults that suit a demo, applied only where the user set nothing: call before AddFleetSilo.</summary>
    public static WebApplicationBuilder AddDemoDefaults(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["Fleet:ShutdownTimeout"]))
        {
            builder.Configuration.AddInMemoryCollection([new("Fleet:ShutdownTimeout", ShutdownTimeout.ToString("c"))]);
        }
        return builder;
    }

    /// <summary>The simulator, the seeded repository and the live status.</summary>
    public static WebApplicationBuilder AddFleetDemo(this WebApplicationBuilder builder, DemoCommandLine commandLine)
    {
        builder.Services.AddSingleton(commandLine);
        builder.Services.AddSingleton<DemoSimulator>();
        builder.Services.AddHostedService<DemoMode>();
        return builder;
    }
}
