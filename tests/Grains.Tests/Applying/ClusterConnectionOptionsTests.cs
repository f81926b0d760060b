using Fleet.Reconciler.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Tests.Applying;

public sealed class ClusterConnectionOptionsTests
{
    [Fact]
    public void Bind_NothingConfigured_KeepsTheDefaults()
    {
        using var services = Services([]);

        var options = services.GetRequiredService<IOptions<ClusterConnectionOptions>>().Value;

        Assert.Equal(50, options.QueriesPerSecond);
        Assert.Equal(100, options.Burst);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), options.WatchTimeout);
        Assert.Equal(5, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.InitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxBackoff);
        Assert.Equal(500, options.ListPageSize);
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Bind_FleetClustersSection_SetsEveryValue()
    {
        using var services = Services(new()
        {
            ["Fleet:Clusters:QueriesPerSecond"] = "12.5",
            ["Fleet:Clusters:Burst"] = "20",
            ["Fleet:Clusters:RequestTimeout"] = "00:00:30",
            ["Fleet:Clusters:WatchTimeout"] = "00:10:00",
            ["Fleet:Clusters:MaxAttempts"] = "3",
            ["Fleet:Clusters:InitialBackoff"] = "00:00:01",
            ["Fleet:Clusters:MaxBackoff"] = "00:01:00",
        });

        var options = services.GetRequiredService<IOptions<ClusterConnectionOptions>>().Value;

        Assert.Equal(12.5, options.QueriesPerSecond);
        Assert.Equal(20, options.Burst);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), options.WatchTimeout);
        Assert.Equal(3, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.InitialBackoff);
        Assert.Equal(TimeSpan.FromMinutes(1), options.MaxBackoff);
    }

    [Theory]
    [InlineData("QueriesPerSecond", "0", "Fleet:Clusters:QueriesPerSecond must be above 0")]
    [InlineData("Burst", "0", "Fleet:Clusters:Burst must be at least 1")]
    [InlineData("RequestTimeout", "00:00:00", "Fleet:Clusters:RequestTimeout must be above 0")]
    [InlineData("WatchTimeout", "00:00:00", "Fleet:Clusters:WatchTimeout must be at least 1 second")]
    [InlineData("MaxAttempts", "0", "Fleet:Clusters:MaxAttempts must be at least 1")]
    [InlineData("MaxBackoff", "00:00:00.100", "Fleet:Clusters:MaxBackoff must be at least InitialBackoff")]
    public void Start_InvalidValue_FailsNamingTheKey(string key, string value, string expected)
    {
        using var services = Services(new() { [$"Fleet:Clusters:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_SeveralInvalidValues_ReportsEachOfThem()
    {
        using var services = Services(new() { ["Fleet:Clusters:Burst"] = "0", ["Fleet:Clusters:MaxAttempts"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, error.Failures.Count());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddFleetClusterConnections()
            .BuildServiceProvider();
    }
}
