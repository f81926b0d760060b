using System.Net;
using Fleet.Silo.Tests.Infrastructure;

namespace Fleet.Silo.Tests.Health;

[Collection(FleetHostCollection.Name)]
public sealed class HealthApiTests(FleetHost host)
{
    [Fact]
    public async Task Healthz_SiloStarted_AnswersOk()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}
