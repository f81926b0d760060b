using Fleet.Api.Security;
using Microsoft.Extensions.Configuration;

namespace Fleet.Silo.Tests.Security;

/// <summary>
/// The limits for requests without a valid token, as configured. The limiter itself is attacked over real HTTP in
/// tests/Production.Tests/Security/AnonymousRequestTests (a silo process of its own: its metrics are its own).
/// </summary>
public sealed class RateLimitTests
{
    [Theory]
    [InlineData("Burst", "0")]
    [InlineData("PermitsPerSecond", "fast")]
    public void A_limit_that_is_not_a_positive_number_is_refused_naming_the_key(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:RateLimits:Anonymous:" + key] = value })
            .Build();

        var exception = Assert.Throws<InvalidOperationException>(() => AnonymousRateLimits.ReadLimits(configuration));

        Assert.Contains("Fleet:RateLimits:Anonymous:" + key, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_settings_the_limits_are_the_defaults()
    {
        var limits = AnonymousRateLimits.ReadLimits(new ConfigurationBuilder().Build());

        Assert.Equal((AnonymousRateLimits.DefaultPermitsPerSecond, AnonymousRateLimits.DefaultBurst), limits);
    }
}
