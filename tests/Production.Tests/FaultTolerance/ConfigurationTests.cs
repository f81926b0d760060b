using Fleet.Production.Tests.Infrastructure;

namespace Fleet.Production.Tests.FaultTolerance;

/// <summary>Production configuration that cannot work stops the process with a message naming the key.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Start_RedisWithoutConnectionString_ExitsNamingTheKey()
    {
        await using var silo = new SiloProcess("misconfigured", new Dictionary<string, string>
        {
            ["Fleet__Storage"] = "Redis",
            ["FLEET_ADMIN_TOKEN"] = "unused-" + Guid.NewGuid().ToString("N"),
        });

        silo.Start();
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Fleet:Redis:ConnectionString", silo.Output, StringComparison.Ordinal);
    }
}
