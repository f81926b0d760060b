using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Security.SecurityTestHelpers;

namespace Fleet.Silo.Tests.Security;

/// <summary>
/// An import never reads the silo's disk: a kubeconfig that names a file would otherwise send that file (a service
/// account token, a key) to a server the caller chose.
/// </summary>
[Collection(FleetHostCollection.Name)]
public sealed class KubeconfigFileReferenceTests(FleetHost host)
{
    [Theory]
    [InlineData("users[].user.tokenFile", "tokenFile: {0}")]
    [InlineData("users[].user.client-certificate", "client-certificate: {0}\n    client-key-data: a2V5")]
    [InlineData("users[].user.client-key", "client-certificate-data: Y2VydA==\n    client-key: {0}")]
    public async Task Import_UserFileReference_Answers400NamingTheFieldAndRegistersNothing(string field, string userTemplate)
    {
        using var client = host.CreateClient();
        var secret = Path.Combine(Directory.CreateTempSubdirectory("silo-disk-").FullName, "token");
        await File.WriteAllTextAsync(secret, "silo-only-" + Guid.NewGuid().ToString("N"));
        var name = Unique("filecfg");
        host.Simulator.AddCluster(name);
        var kubeconfig = $"""
            current-context: c
            clusters:
            - name: k
              cluster:
                server: {host.Simulator.ClusterUrl(name)}
            users:
            - name: u
              user:
                {string.Format(System.Globalization.CultureInfo.InvariantCulture, userTemplate, secret)}
            contexts:
            - name: c
              context: {"{"}cluster: k, user: u{"}"}
            """;

        using var imported = await client.PostAsJsonAsync($"/api/v1/clusters/{name}/import", new { kubeconfig });
        using var after = await client.GetAsync($"/api/v1/clusters/{name}");

        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.Equal("application/problem+json", imported.Content.Headers.ContentType?.MediaType);
        var message = (await imported.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["kubeconfig"]![0]!.GetValue<string>();
        Assert.Contains($"{field}: file references are not accepted by the server; inline the data (`fleet cluster add --kubeconfig` does it for you)", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Import_CertificateAuthorityFile_Answers400AndRegistersNothing()
    {
        using var client = host.CreateClient();
        var name = Unique("filecfg");
        var kubeconfig = """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://127.0.0.1:1", certificate-authority: /etc/hostname}}]
            contexts: [{name: c, context: {cluster: k}}]
            """;

        using var imported = await client.PostAsJsonAsync($"/api/v1/clusters/{name}/import", new { kubeconfig });
        using var after = await client.GetAsync($"/api/v1/clusters/{name}");

        Assert.Equal(HttpStatusCode.BadRequest, imported.StatusCode);
        Assert.Contains("clusters[].cluster.certificate-authority: file references are not accepted by the server",
            (await imported.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["kubeconfig"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }
}
